"""The Coordination PPLI team answers several requests at once from « Inscriptions au réseau du
PPLI » (wagtail-modeladmin's list): filters on the pending ones, ticks two boxes, refuses them
after the confirmation; the list and its confirmation pass axe."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from ppli.models import SignupStatus, WorkingGroupPage, WorkingGroupSignup
from tests.browser.conftest import assert_no_axe_violation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_signup(organisation, email, status=SignupStatus.PENDING):
    group = WorkingGroupPage.objects.get(slug="gt-logement")
    return WorkingGroupSignup.objects.create(
        submission=uuid.uuid4(),
        group=group,
        group_title=group.title,
        organisation_name=organisation,
        organisation_kind="associatif",
        contact_name="Awa Diallo",
        role="Coordinatrice",
        email=email,
        commune="Namur",
        consent_at=timezone.now(),
        status=status,
    )


def test_coordination_refuses_two_requests_from_the_list(
    live_server, live_content, page, django_user_model
):
    user = django_user_model.objects.create_user("coord", "coord@example.org", "motdepasse-coord")
    user.groups.add(Group.objects.get(name="Coordination PPLI"))
    first = make_signup("Maison médicale du Centre", "centre@example.org")
    second = make_signup("CPAS de Namur", "cpas@example.org")
    kept = make_signup("Croix-Rouge", "croix@example.org")
    decided = make_signup("Ancienne ASBL", "ancienne@example.org", SignupStatus.ACCEPTED)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", "motdepasse-coord")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.get_by_role("link", name="Inscriptions au réseau du PPLI").click()
    page.get_by_role("link", name="en attente", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Ancienne ASBL").count() == 0
    assert_no_axe_violation(page)

    page.get_by_role("checkbox", name="Choisir la demande de Maison médicale du Centre").check()
    page.get_by_role("checkbox", name="Choisir la demande de CPAS de Namur").check()
    page.get_by_role("button", name="Refuser…").click()
    page.wait_for_load_state("networkidle")
    assert "Refuser ces 2 demandes ?" in page.content()
    assert_no_axe_violation(page)

    page.get_by_role("button", name="Oui, refuser").click()
    page.wait_for_load_state("networkidle")
    # Back on the list as it was (pending only), with the outcome.
    assert "status__exact=en_attente" in page.url
    assert "2 demandes refusées" in page.locator(".messages").inner_text()

    for signup in (first, second, kept, decided):
        signup.refresh_from_db()
    assert first.status == second.status == SignupStatus.DECLINED
    assert kept.status == SignupStatus.PENDING and decided.status == SignupStatus.ACCEPTED
    assert sorted(m.to[0] for m in mail.outbox) == ["centre@example.org", "cpas@example.org"]
