"""Action follow-up: status, progress, dates, the history of what people published, and the
roll-up to the plan, which counts only known values and says so."""

from html import unescape
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from ppli.models import ActionPage, ActionStatus, ActionStatusChange, ObjectivePage
from ppli.models.plan import build_plan_tree
from ppli.models.tree import ObjectiveNode, mean_progress
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

ACTION = "/ppli/plan-2017-2020/logement/objectif-18/action-18-1/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("redaction", password="x")


def publish(action, user=None, **values):
    for name, value in values.items():
        setattr(action, name, value)
    action.save_revision(user=user).publish(user=user, skip_permission_checks=True)


def test_a_loaded_plan_has_no_known_state_and_no_history(client):
    actions = ActionPage.objects.all()
    assert actions.count() == 54
    assert set(actions.values_list("status", flat=True)) == {ActionStatus.UNKNOWN}
    assert set(actions.values_list("progress", flat=True)) == {None}
    assert not ActionStatusChange.objects.exists()  # loading is not an event
    html = unescape(client.get(ACTION).content.decode())
    # Unknown is silent: no state, no progress, no "non renseigné".
    assert "<dt>État" not in html and "status--" not in html
    assert "non renseign" not in html and "Avancement" not in html
    assert "à lancer" not in html and "0 %" not in html
    assert 'id="suivi"' not in html


def test_an_action_with_a_known_state_shows_it(client):
    publish(page_at(ACTION), status=ActionStatus.IN_PROGRESS, progress=40)
    html = unescape(client.get(ACTION).content.decode())
    assert (
        '<dt>État\u00a0:</dt><dd><span class="status status--en_cours">en cours</span>'
        " (40\u00a0%)</dd>" in html
    )
    assert "Avancement de l'action\u00a0: 40\u00a0%" in html
    # The other actions of the objective, still unknown, say nothing of their state.
    objective = unescape(client.get(ACTION.rsplit("/", 2)[0] + "/").content.decode())
    assert objective.count("<dt>État") == 1


def test_the_history_has_no_progress_column_when_none_was_recorded(client, editor):
    action = page_at(ACTION)
    publish(action, editor, status=ActionStatus.IN_PROGRESS)
    html = client.get(ACTION).content.decode()
    assert '<h2 id="suivi">Historique du suivi</h2>' in html
    assert "en cours</td>" in html
    assert '<th scope="col">Avancement</th>' not in html and "non renseign" not in html
    publish(action, editor, progress=20)
    html = unescape(client.get(ACTION).content.decode())
    assert '<th scope="col">Avancement</th>' in html
    assert "<td>20\u00a0%</td>" in html and "<td></td></tr>" in html


def test_a_person_publishing_a_new_state_adds_a_history_entry(client, editor):
    action = page_at(ACTION)
    publish(action, editor, status=ActionStatus.IN_PROGRESS, progress=30)
    publish(action, editor, intro="Sans changement d'état.")
    publish(action, editor, status=ActionStatus.DONE, progress=100)
    publish(action, None, status=ActionStatus.DROPPED)  # no person: an import, not an event
    history = list(action.status_changes.all())
    assert [(c.status, c.progress) for c in history] == [("en_cours", 30), ("realisee", 100)]
    assert {c.changed_by for c in history} == {editor}
    html = client.get(ACTION).content.decode()
    assert '<h2 id="suivi">Historique du suivi</h2>' in html
    assert html.index("en cours</td>") < html.index("réalisée</td>")


def test_a_new_note_enters_the_history_dated_and_shown_on_the_page(client, editor):
    action = page_at(ACTION)
    publish(action, editor, status=ActionStatus.IN_PROGRESS, progress=30)
    publish(action, editor, progress_note="Première réunion avec les AIS en mars.")
    # Published again with the same note and state: nothing new to tell.
    publish(action, editor, intro="Autre chapeau.")
    publish(action, editor, progress=60)
    history = list(action.status_changes.all())
    assert [(c.progress, c.note) for c in history] == [
        (30, ""),
        (30, "Première réunion avec les AIS en mars."),
        (60, ""),
    ]
    html = unescape(client.get(ACTION).content.decode())
    assert '<th scope="col">Note</th>' in html
    assert "<td>Première réunion avec les AIS en mars.</td>" in html
    assert html.count("Première réunion avec les AIS") == 1


def test_the_history_shows_no_note_column_without_notes(client, editor):
    publish(page_at(ACTION), editor, status=ActionStatus.IN_PROGRESS)
    html = client.get(ACTION).content.decode()
    assert '<h2 id="suivi">' in html and '<th scope="col">Note</th>' not in html


def test_a_first_publication_with_nothing_known_starts_no_history(client, editor):
    publish(page_at(ACTION), editor, intro="Un chapeau.")
    assert not ActionStatusChange.objects.exists()
    assert 'id="suivi"' not in client.get(ACTION).content.decode()


def test_the_history_names_who_published_not_who_submitted(django_user_model):
    """Rédaction submits, Coordination approves: the entry is Coordination's."""
    from django.contrib.auth.models import Group

    redaction = django_user_model.objects.create_user("redactrice", password="x")
    redaction.groups.add(Group.objects.get(name="Rédaction"))
    coordination = django_user_model.objects.create_user("coordinatrice", password="x")
    coordination.groups.add(Group.objects.get(name="Coordination PPLI"))
    action = page_at(ACTION)
    action.status, action.progress_note = ActionStatus.IN_PROGRESS, "Lancée en avril."
    revision = action.save_revision(user=redaction)
    workflow_state = action.get_workflow().start(action, redaction)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, coordination, "approve")

    entry = ActionStatusChange.objects.get(action=action)
    assert entry.changed_by == coordination
    assert (entry.status, entry.note) == (ActionStatus.IN_PROGRESS, "Lancée en avril.")
    assert revision.user == redaction


def test_progress_rolls_up_over_known_values_only_and_says_so(client, editor):
    objective_18 = page_at("/ppli/plan-2017-2020/logement/objectif-18/")
    first, second = ActionPage.objects.child_of(objective_18).order_by("path")
    tree = build_plan_tree(page_at("/ppli/plan-2017-2020/"))
    assert tree.progress is None and tree.known_count == 0 and tree.action_count == 54
    html = unescape(client.get("/ppli/plan-2017-2020/").content.decode())
    # Nothing known, no roll-up at all.
    assert "Avancement du plan" not in html and "renseign" not in html

    publish(first, editor, progress=100, status=ActionStatus.DONE)
    publish(second, editor, progress=50, status=ActionStatus.IN_PROGRESS)
    tree = build_plan_tree(page_at("/ppli/plan-2017-2020/"))
    axis = next(a for a in tree.axes if a.page.slug == "logement")
    objectives = {o.page.number: o for o in axis.objectives}
    assert objectives[18].progress == 75
    assert objectives[16].progress is None  # none of its actions is known: not 0 %
    assert axis.progress == 75 and axis.known_count == 2 and axis.action_count == 6
    assert tree.progress == 75 and tree.known_count == 2

    html = unescape(client.get("/ppli/plan-2017-2020/logement/").content.decode())
    assert (
        'Avancement de l\'axe\u00a0: 75\u00a0% <span class="muted">(2 actions renseignées sur 6)'
        in html
    )
    assert '<progress max="100" value="75" aria-labelledby="progress-axe">' in html


@pytest.mark.parametrize(
    "progresses, text",
    [
        ([40], "la seule action est renseignée"),
        ([40, None, None, None, None, None], "1 action renseignée sur 6"),
        ([40, 10, None], "2 actions renseignées sur 3"),
        ([40, 10, 0], "les 3 actions sont renseignées"),
    ],
)
def test_the_roll_up_counts_known_actions_in_correct_french(progresses, text):
    node = ObjectiveNode(None, [SimpleNamespace(progress=p) for p in progresses])
    assert node.known_text == text
    assert "des 1 " not in node.known_text and "aucune" not in node.known_text


def test_an_objective_with_its_only_action_known_says_so(client, editor):
    objective = next(
        o for o in ObjectivePage.objects.live() if ActionPage.objects.child_of(o).count() == 1
    )
    action = ActionPage.objects.child_of(objective).get()
    html = unescape(client.get(objective.url).content.decode())
    assert "Avancement de l'objectif" not in html and "des 1 " not in html
    publish(action, editor, progress=60, status=ActionStatus.IN_PROGRESS)
    html = unescape(client.get(objective.url).content.decode())
    assert "Avancement de l'objectif\u00a0: 60\u00a0%" in html
    assert "(la seule action est renseignée)" in html


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
    assert page_at(ACTION).progress is None
