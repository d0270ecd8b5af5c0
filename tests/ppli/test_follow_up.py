"""Action follow-up: status, progress, dates, dated history and the roll-up to the plan."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from ppli.models import ActionPage, ActionStatus
from ppli.plan_tree import build_plan_tree, mean_progress
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

ACTION = "/ppli/plan-2017-2020/logement/objectif-18/action-18-1/"


def publish(action, **values):
    for name, value in values.items():
        setattr(action, name, value)
    action.save_revision().publish()


def test_publishing_a_new_state_adds_a_dated_history_entry(client):
    action = page_at(ACTION)
    assert [(c.status, c.progress) for c in action.status_changes.all()] == [("a_lancer", 0)]
    publish(action, status=ActionStatus.IN_PROGRESS, progress=30)
    publish(action, intro="Sans changement d'état.")
    publish(action, status=ActionStatus.DONE, progress=100)
    history = [(c.status, c.progress) for c in action.status_changes.all()]
    assert history == [("a_lancer", 0), ("en_cours", 30), ("realisee", 100)]
    html = client.get(ACTION).content.decode()
    assert '<h2 id="suivi">Historique du suivi</h2>' in html
    assert html.index("à lancer</td>") < html.index("en cours</td>") < html.index("réalisée</td>")


def test_progress_rolls_up_as_the_mean_of_children(client):
    objective_18 = page_at("/ppli/plan-2017-2020/logement/objectif-18/")
    first, second = ActionPage.objects.child_of(objective_18).order_by("path")
    publish(first, progress=100, status=ActionStatus.DONE)
    publish(second, progress=50, status=ActionStatus.IN_PROGRESS)
    tree = build_plan_tree(page_at("/ppli/plan-2017-2020/"))
    axis = next(a for a in tree.axes if a.page.slug == "logement")
    objectives = {o.page.number: o for o in axis.objectives}
    assert objectives[18].progress == 75
    assert objectives[16].progress == 0
    assert axis.progress == round((0 + 0 + 75) / 3)
    assert tree.progress == mean_progress(a.progress for a in tree.axes)

    html = client.get("/ppli/plan-2017-2020/logement/").content.decode()
    assert '<span id="progress-axe">Avancement de l\'axe : 25 %</span>' in unescape(html)
    assert '<progress max="100" value="25" aria-labelledby="progress-axe">' in html


def test_mean_ignores_unknown_values():
    assert mean_progress([]) is None
    assert mean_progress([None, 40, 60]) == 50


def test_progress_and_dates_are_validated():
    action = page_at(ACTION)
    action.progress = 120
    with pytest.raises(ValidationError):
        action.full_clean()
    action.progress = 10
    action.start_date, action.end_date = "2020-05-01", "2020-01-01"
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "La date de fin précède la date de début." in str(error.value)


def test_editor_sees_a_french_error_not_a_crash(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "x"))
    action = page_at(ACTION)
    response = client.post(
        f"/admin/pages/{action.pk}/edit/",
        {
            "title": action.title,
            "slug": action.slug,
            "number": action.number,
            "text": action.text,
            "status": "en_cours",
            "progress": "150",
            "body-count": "0",
            "action-publish": "1",
        },
    )
    assert response.status_code == 200
    assert "inférieure ou égale à 100" in response.content.decode()
    assert page_at(ACTION).progress == 0
