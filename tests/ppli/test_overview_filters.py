"""The plan overview filters through shareable GET parameters; bad values never error."""

import pytest

from core.typography import french_typography
from ppli.models import ActionPage, ActionStatus
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"


def shown_actions(client, **params):
    response = client.get(PLAN, params)
    assert response.status_code == 200
    return response, {action.number for action in iter_actions(response.context["shown"])}


def iter_actions(tree):
    for axis in tree.axes:
        for objective in axis.objectives:
            yield from objective.actions


def test_no_filter_shows_the_whole_plan(client):
    response, numbers = shown_actions(client)
    assert len(numbers) == 54
    assert "35 objectifs et 54 actions, en 6 axes." in response.content.decode()


def test_filter_by_axis(client):
    _, numbers = shown_actions(client, axe="logement")
    assert numbers == {"16.1", "16.2", "16.3", "17", "18.1", "18.2"}


def test_filter_by_thematic(client):
    _, numbers = shown_actions(client, thematique="mobilite")
    assert {"31.1", "31.2", "31.3"} <= numbers
    assert "1.1" not in numbers


def test_filter_by_partner_and_audience(client):
    _, by_mrax = shown_actions(client, partenaire="mrax")
    assert by_mrax == {"27"}
    _, for_cpas = shown_actions(client, public="cpas")
    assert "27" in for_cpas and "1.1" not in for_cpas


def test_filter_by_priority_and_status(client):
    # The booklet's priorities were lost: no priority filter until staff record one.
    response = client.get(PLAN)
    assert "priorite" not in response.context["filter_form"].fields
    assert 'name="priorite"' not in response.content.decode()
    _, everything = shown_actions(client, priorite="oui")  # not a filter: ignored
    assert len(everything) == 54
    action = ActionPage.objects.get(number="18.2")
    action.priority = True
    action.status = ActionStatus.IN_PROGRESS
    action.save_revision().publish()
    _, priority = shown_actions(client, priorite="oui")
    assert priority == {"18.2"}
    _, in_progress = shown_actions(client, etat="en_cours")
    assert in_progress == {"18.2"}


def test_the_state_filter_offers_only_states_some_action_is_in(client):
    # The loaded plan knows no state: no state filter at all, and no "non renseigné" value.
    response = client.get(PLAN)
    assert "etat" not in response.context["filter_form"].fields
    html = response.content.decode()
    assert 'name="etat"' not in html and "non renseign" not in html
    for number, status in (("18.2", ActionStatus.IN_PROGRESS), ("17", ActionStatus.DONE)):
        action = ActionPage.objects.get(number=number)
        action.status = status
        action.save_revision().publish()
    response = client.get(PLAN)
    choices = response.context["filter_form"].fields["etat"].choices
    assert [value for value, _label in choices] == ["", "en_cours", "realisee"]
    html = response.content.decode()
    assert '<option value="a_lancer"' not in html and '<option value="non_renseigne"' not in html


def test_the_thematic_filter_offers_only_thematics_of_the_plan(client):
    choices = client.get(PLAN).context["filter_form"].fields["thematique"].choices
    slugs = {value for value, _label in choices}
    assert "mobilite" in slugs
    assert "volontariat" not in slugs  # no objective or action carries it


def test_filters_combine_and_empty_results_say_so(client):
    response, numbers = shown_actions(client, axe="logement", thematique="mena")
    assert numbers == set()
    assert "Aucune action ne correspond à ces filtres." in response.content.decode()


def test_form_keeps_the_choices_in_a_shareable_url(client):
    html = client.get(PLAN, {"axe": "logement"}).content.decode()
    assert '<form method="get" action="/ppli/plan-2017-2020/"' in html
    assert '<option value="logement" selected>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"axe": "inexistant"},
        {"thematique": "<script>alert(1)</script>"},
        {"partenaire": "x" * 5000},
        {"etat": "termine"},
        {"priorite": "peut-etre"},
        {"public": "\x00"},
        {"axe": ["logement", "inexistant"]},
        {"page": "-1", "inconnu": "1"},
    ],
)
def test_bad_values_give_a_message_and_the_valid_filters(client, params):
    response = client.get(PLAN, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    # No priority or state filter while none is known (test_filter_by_priority_and_status).
    known = {"axe", "thematique", "partenaire", "public"}
    if set(params) & known:
        assert "Filtre non reconnu, ignoré" in html


def test_bad_value_does_not_drop_the_good_one(client):
    response, numbers = shown_actions(client, axe="logement", partenaire="nimporte")
    assert numbers == {"16.1", "16.2", "16.3", "17", "18.1", "18.2"}
    assert french_typography("Filtre non reconnu, ignoré : Partenaire") in response.content.decode()


def test_filtered_page_keeps_whole_plan_progress(client):
    action = page_at("/ppli/plan-2017-2020/logement/objectif-18/action-18-1/")
    action.progress = 100
    action.save_revision().publish()
    whole = client.get(PLAN).context["tree"].progress
    filtered = client.get(PLAN, {"axe": "sante-et-aide-sociale"}).context["shown"].progress
    assert whole == filtered
