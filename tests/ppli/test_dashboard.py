"""The PPLI on the editors' dashboard: « Qualité du PPLI » and its report, the pending sign-ups."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from ppli.models import (
    ActionOrganisation,
    ActionPage,
    ActionStatus,
    Organisation,
    SignupStatus,
    WorkingGroupPage,
    WorkingGroupSignup,
)
from ppli.signup_admin import list_url
from tests.dashboard import (
    DASHBOARD,
    link_to,
    listed_ids,
    make_coordinator,
    make_reader,
    make_redacteur,
    make_signup,
    panel,
    sidebar_items,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def redacteur(django_user_model):
    return make_redacteur(django_user_model)


@pytest.fixture
def coordinator(django_user_model):
    return make_coordinator(django_user_model)


REPORT = "/admin/ppli/actions-a-completer/"


def expected_problems():
    """The actions lacking each thing, action by action in Python (the panel does it in SQL)."""
    problems = {"sans-partenaire": set(), "sans-etat": set(), "sans-thematique": set()}
    for action in ActionPage.objects.all():
        if not action.organisation_links.exists() and not action.by_whom_other:
            problems["sans-partenaire"].add(action.pk)
        if action.status == ActionStatus.UNKNOWN:
            problems["sans-etat"].add(action.pk)
        if not action.thematics.exists():
            problems["sans-thematique"].add(action.pk)
    return problems


def count_label(count, singular, plural):
    return f"{count} {singular if count < 2 else plural}"


LABELS = {
    "sans-partenaire": ("action sans partenaire", "actions sans partenaire"),
    "sans-etat": (
        "action dont l'état n'est pas renseigné",
        "actions dont l'état n'est pas renseigné",
    ),
    "sans-thematique": ("action sans thématique", "actions sans thématique"),
}


def quality_panel(client):
    return panel(client.get(DASHBOARD).content.decode(), "qualite-ppli").replace("&#x27;", "'")


def test_each_count_of_the_ppli_quality_links_to_exactly_its_actions(client, redacteur):
    problems = expected_problems()
    assert all(problems.values())  # the loaded plan has some of each
    client.force_login(redacteur)
    html = quality_panel(client)
    for slug, actions in problems.items():
        url = link_to(html, count_label(len(actions), *LABELS[slug]))
        assert url == f"{REPORT}?probleme={slug}"
        assert set(listed_ids(client, url)) == actions, slug
    anything = set().union(*problems.values())
    url = link_to(html, count_label(len(anything), "action à compléter", "actions à compléter"))
    assert url == REPORT
    assert set(listed_ids(client, url)) == anything


def test_an_action_leaves_the_counts_once_completed(client, redacteur):
    problems = expected_problems()
    action = ActionPage.objects.get(pk=min(problems["sans-partenaire"] & problems["sans-etat"]))
    action.organisation_links = [ActionOrganisation(organisation=Organisation.objects.first())]
    action.status = ActionStatus.IN_PROGRESS
    action.save_revision().publish()
    client.force_login(redacteur)
    html = quality_panel(client)
    for slug in ("sans-partenaire", "sans-etat"):
        count = len(problems[slug]) - 1
        assert count_label(count, *LABELS[slug]) in html
        assert action.pk not in listed_ids(client, f"{REPORT}?probleme={slug}")


def test_an_actor_written_by_hand_is_a_partner(client, redacteur):
    action = ActionPage.objects.get(pk=min(expected_problems()["sans-partenaire"]))
    action.by_whom_other = "Les communes"
    action.save_revision().publish()
    client.force_login(redacteur)
    assert action.pk not in listed_ids(client, f"{REPORT}?probleme=sans-partenaire")


def test_the_report_says_what_each_action_lacks(client, redacteur):
    client.force_login(redacteur)
    html = client.get(f"{REPORT}?probleme=sans-thematique").content.decode()
    assert "Actions du PPLI à compléter" in html
    assert "thématique" in html and "À compléter" in html


def test_plan_items_are_not_pages_to_write(client, redacteur):
    client.force_login(redacteur)
    listed = set(listed_ids(client, "/admin/a-rediger/"))
    assert not listed & set(ActionPage.objects.values_list("pk", flat=True))


# Pending sign-ups


def test_pending_signups_show_the_count_and_the_five_oldest(client, coordinator):
    groups = list(WorkingGroupPage.objects.order_by("path")[:2])
    now = timezone.now()
    for n in range(7):
        signup = make_signup(n, groups[n % 2])
        # n = 0 is the oldest: received seven days ago.
        WorkingGroupSignup.objects.filter(pk=signup.pk).update(
            created_at=now - datetime.timedelta(days=7 - n)
        )
    decided = make_signup(99)
    WorkingGroupSignup.objects.filter(pk=decided.pk).update(status=SignupStatus.ACCEPTED)
    client.force_login(coordinator)
    html = client.get(DASHBOARD).content.decode()
    signups = panel(html, "inscriptions-en-attente")
    heading = re.search(r"<h2.*?</h2>", signups, re.S).group(0).replace("&#x27;", "'")
    assert "Demandes d'inscription en attente" in heading
    url = link_to(signups, "7 demandes d'inscription en attente")
    assert url == f"{list_url()}?status=en_attente"
    shown = [f"Organisation {n}" for n in range(7) if f"Organisation {n}<" in signups]
    assert shown == [f"Organisation {n}" for n in range(5)]
    assert signups.index("Organisation 0<") < signups.index("Organisation 4<")
    assert groups[1].title.replace("'", "&#x27;") in signups
    # The summary at the top of the dashboard links to the same list.
    summary = html[html.index('class="w-summary"') :]
    assert link_to(summary, "7 demandes d'inscription en attente") == url
    # The link leads to the pending requests only.
    listing = client.get(url).content.decode()
    assert all(f"Organisation {n}<" in listing for n in range(7))
    assert "Organisation 99<" not in listing


def test_pending_signups_are_hidden_without_the_permission_to_decide(client, redacteur):
    make_signup(1)
    client.force_login(redacteur)
    html = client.get(DASHBOARD).content.decode()
    assert panel(html, "inscriptions-en-attente") is None
    assert "demande d&#x27;inscription" not in html
    assert "Organisation 1" not in html


def test_the_ppli_quality_panel_is_for_page_editors_only(client, django_user_model):
    client.force_login(make_reader(django_user_model))
    html = client.get(DASHBOARD).content.decode()
    assert panel(html, "qualite-ppli") is None
    assert "actions-ppli-a-completer" not in sidebar_items(html)
    assert client.get(REPORT).status_code in (302, 403)


def test_without_pending_signups_the_panel_says_so_and_links_the_list(client, coordinator):
    WorkingGroupSignup.objects.update(status=SignupStatus.ACCEPTED)
    client.force_login(coordinator)
    signups = panel(client.get(DASHBOARD).content.decode(), "inscriptions-en-attente")
    assert "Aucune demande en attente" in signups
    assert link_to(signups, "Voir toutes les demandes reçues") == list_url()


def test_coordination_group_may_decide(coordinator):
    assert coordinator.has_perm("ppli.decide_workinggroupsignup")
    assert Group.objects.get(name="Coordination PPLI") in coordinator.groups.all()
