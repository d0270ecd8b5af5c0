"""The network members suggested for an expertise request (network/suggestions.py): accepted
sign-ups that chose the request's thematic or one of its axes (the axes above the live
objectives and actions tagged with it), and the partners named under « Par qui ? » of its live
actions, each in a fixed number of queries."""

import pytest

from network.suggestions import suggested_members, suggested_partners, thematic_axes
from ppli.models import (
    ActionOrganisation,
    ActionPage,
    AxisPage,
    ObjectivePage,
    Organisation,
    SignupStatus,
)
from tests.network.test_staff_requests import make_member
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    """The thematic « Santé »."""
    return ThematicPage.objects.get(slug="sante")


def axes_by_hand(thematic):
    """The axes above the live objectives and actions tagged with `thematic`, page by page."""
    items = [
        *ActionPage.objects.live().filter(thematics=thematic),
        *ObjectivePage.objects.live().filter(thematics=thematic),
    ]
    return {
        ancestor.pk
        for item in items
        for ancestor in item.get_ancestors()
        if isinstance(ancestor.specific, AxisPage)
    }


def test_the_axes_of_a_thematic_are_those_above_its_live_objectives_and_actions(health):
    """The axes found in SQL are those found page by page."""
    expected = axes_by_hand(health)
    assert expected  # the initial content tags some of the plan with « Santé »
    assert {axis.pk for axis in thematic_axes(health)} == expected
    # An unpublished action no longer makes its axis one of the thematic's.
    untagged = ThematicPage.objects.get(slug="volontariat")
    ActionPage.objects.filter(thematics=untagged).update(live=False)
    ObjectivePage.objects.filter(thematics=untagged).update(live=False)
    assert list(thematic_axes(untagged)) == []


def test_members_are_accepted_signups_of_the_thematic_or_of_its_axes(health):
    """Accepted sign-ups of the thematic first, then of its axes, with why."""
    axis = AxisPage.objects.get(pk=sorted(axes_by_hand(health))[0])
    other_axes = AxisPage.objects.exclude(pk__in=axes_by_hand(health))
    by_axis = make_member("Par axe", axes=[axis])
    by_both = make_member("Les deux", thematics=[health], axes=[axis])
    by_thematic = make_member("Zèbre santé", thematics=[health])
    make_member("En attente", status=SignupStatus.PENDING, thematics=[health])
    make_member("Refusé", status=SignupStatus.DECLINED, axes=[axis])
    make_member("Ailleurs", thematics=[ThematicPage.objects.get(slug="mobilite")])
    if other_axes.exists():
        make_member("Autre axe", axes=[other_axes.first()])
    suggestions = suggested_members(health)
    # Those of the thematic first, then those of its axes, by organisation within each.
    assert [each.signup for each in suggestions] == [by_both, by_thematic, by_axis]
    assert suggestions[0].reason == f"Thématique ; axe {axis.number}"
    assert suggestions[1].reason == "Thématique"
    assert suggestions[2].reason == f"Axe {axis.number}"
    assert suggested_members(None) == []


def test_members_cost_four_queries_whatever_their_number(health, django_assert_num_queries):
    """Four queries for any number of members."""
    axis = AxisPage.objects.get(pk=sorted(axes_by_hand(health))[0])
    for n in range(6):
        make_member(f"Membre {n}", thematics=[health], axes=[axis])
    with django_assert_num_queries(4):
        suggestions = suggested_members(health)
        assert [each.reason for each in suggestions]


def test_partners_are_those_of_the_thematics_live_actions(health):
    """The partners and their actions are those of the thematic's live actions."""
    actions = ActionPage.objects.live().filter(thematics=health)
    expected = set(
        ActionOrganisation.objects.filter(action__in=actions).values_list(
            "organisation_id", flat=True
        )
    )
    partners = suggested_partners(health)
    assert {partner.organisation.pk for partner in partners} == expected
    first = partners[0]
    numbers = set(
        ActionOrganisation.objects.filter(
            action__in=actions, organisation=first.organisation
        ).values_list("action__number", flat=True)
    )
    assert set(first.actions) == numbers
    assert suggested_partners(None) == []


def test_a_partner_carries_its_accepted_signups(health):
    """A partner's accepted sign-ups come with it, not its pending ones."""
    partner = suggested_partners(health)[0].organisation
    accepted = make_member("Inscrit", organisation=partner)
    make_member("Pas encore", status=SignupStatus.PENDING, organisation=partner)
    [found] = [each for each in suggested_partners(health) if each.organisation == partner]
    assert found.signups == [accepted]


def test_an_unpublished_action_names_no_partner(health):
    """An unpublished action's partners are not suggested."""
    organisation = Organisation.objects.create(name="Association du brouillon", slug="brouillon")
    action = ActionPage.objects.live().filter(thematics=health).first()
    ActionOrganisation.objects.create(action=action, organisation=organisation)
    assert organisation in [each.organisation for each in suggested_partners(health)]
    ActionPage.objects.filter(pk=action.pk).update(live=False)
    assert organisation not in [each.organisation for each in suggested_partners(health)]


def test_partners_cost_two_queries_whatever_their_number(health, django_assert_num_queries):
    """Two queries for any number of partners and sign-ups."""
    for partner in suggested_partners(health):
        make_member(f"Inscrit {partner.organisation.pk}", organisation=partner.organisation)
    with django_assert_num_queries(2):
        assert all(partner.signups for partner in suggested_partners(health))
