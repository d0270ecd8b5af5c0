"""Staff handle sign-up requests in the admin; only the Coordination PPLI group sees them."""

import io
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from ppli.models import SignupStatus, WorkingGroupPage, WorkingGroupSignup

pytestmark = pytest.mark.django_db

LIST = "/admin/ppli/workinggroupsignup/"
DECIDE = "/admin/ppli/inscriptions/decision/"


def make_signup(group_slug="gt-logement", **fields):
    group = WorkingGroupPage.objects.get(slug=group_slug)
    values = {
        "submission": uuid.uuid4(),
        "group": group,
        "group_title": group.title,
        "organisation_name": "Maison médicale du Centre",
        "organisation_kind": "associatif",
        "contact_name": "Awa Diallo",
        "role": "Coordinatrice",
        "email": f"{uuid.uuid4().hex[:8]}@example.org",
        "commune": "Namur",
        "consent_at": timezone.now(),
    }
    values.update(fields)
    return WorkingGroupSignup.objects.create(**values)


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coord", "coord@example.org", "x")
    user.groups.add(Group.objects.get(name="Coordination PPLI"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redac", "redac@example.org", "x")
    user.groups.add(Group.objects.get(name="Rédaction"))
    return user


def test_anonymous_and_editors_without_permission_get_no_access(client, editor):
    make_signup()
    for url in [LIST, LIST + "?export=csv", LIST + "?export=xlsx"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(DECIDE, {"ids": ["1"], "decision": "accepter"}).status_code == 302
    client.force_login(editor)
    for url in [LIST, LIST + "?export=csv"]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Maison m" not in response.content
    # Wagtail answers a refused admin action with a redirect to the dashboard.
    denied = client.post(DECIDE, {"ids": ["1"], "decision": "accepter"})
    assert denied.status_code == 302 and denied["Location"] == "/admin/"
    menu = client.get("/admin/").content.decode()
    assert "Inscriptions aux groupes de travail" not in menu
    assert WorkingGroupSignup.objects.get().status == SignupStatus.PENDING


def test_coordinator_lists_filters_searches_and_inspects(client, coordinator):
    first = make_signup(organisation_name="Maison médicale du Centre")
    make_signup("gt-sante-et-aide-sociale", organisation_name="CPAS de Namur", status="refusee")
    client.force_login(coordinator)
    assert "Inscriptions aux groupes de travail" in client.get("/admin/").content.decode()
    html = client.get(LIST).content.decode()
    assert "Maison médicale du Centre" in html and "CPAS de Namur" in html
    filtered = client.get(LIST, {"status__exact": "refusee"}).content.decode()
    assert "CPAS de Namur" in filtered and "Maison médicale du Centre" not in filtered
    by_group = client.get(LIST, {"group__id__exact": first.group_id}).content.decode()
    assert "Maison médicale du Centre" in by_group and "CPAS de Namur" not in by_group
    found = client.get(LIST, {"q": "cpas"}).content.decode()
    assert "CPAS de Namur" in found and "Maison médicale du Centre" not in found
    inspect = client.get(f"{LIST}inspect/{first.pk}/")
    assert inspect.status_code == 200
    assert first.email in inspect.content.decode()
    create = client.get(f"{LIST}create/")  # requests only come from the public form
    assert create.status_code == 302 and create["Location"] == "/admin/"


def test_accept_and_refuse_several_at_once(client, coordinator, django_capture_on_commit_callbacks):
    accepted = [make_signup(), make_signup("gt-sante-et-aide-sociale")]
    refused = make_signup("comite-accompagnement-pratique")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DECIDE, {"ids": [s.pk for s in accepted], "decision": "accepter", "next": LIST}
        )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(DECIDE, {"ids": [refused.pk], "decision": "refuser"})
    for signup in accepted:
        signup.refresh_from_db()
        assert signup.status == SignupStatus.ACCEPTED
        assert signup.decided_by == coordinator and signup.decided_at is not None
    refused.refresh_from_db()
    assert refused.status == SignupStatus.DECLINED
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 3
    assert sum(s.startswith("Inscription acceptée") for s in subjects) == 2
    assert sum(s.startswith("Inscription non retenue") for s in subjects) == 1
    assert "est acceptée" in [m for m in mail.outbox if m.to == [accepted[0].email]][0].body

    # A decided request is never decided again (no second e-mail).
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(DECIDE, {"ids": [refused.pk], "decision": "accepter"})
    refused.refresh_from_db()
    assert refused.status == SignupStatus.DECLINED and mail.outbox == []


def test_decision_without_selection_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.post(DECIDE, {"decision": "accepter"}, follow=True)
    assert "Sélectionnez au moins une demande" in response.content.decode()
    response = client.post(DECIDE, {"ids": ["x"], "decision": "supprimer"}, follow=True)
    assert response.status_code == 200


def test_export_csv_and_xlsx(client, coordinator):
    make_signup(organisation_name="Maison médicale du Centre", email="awa@example.org")
    client.force_login(coordinator)
    csv = client.get(LIST, {"export": "csv"})
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "Maison médicale du Centre" in text and "awa@example.org" in text
    xlsx = client.get(LIST, {"export": "xlsx"})
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "Maison médicale du Centre" in values and "awa@example.org" in values


def test_retention_command_deletes_refused_and_stale_pending_only():
    old = timezone.now() - timedelta(days=400)
    stale_pending = make_signup()
    old_refused = make_signup("gt-sante-et-aide-sociale", status="refusee", decided_at=old)
    old_accepted = make_signup("comite-accompagnement-pratique", status="acceptee", decided_at=old)
    recent_refused = make_signup("gt-logement", status="refusee", decided_at=timezone.now())
    WorkingGroupSignup.objects.filter(pk=stale_pending.pk).update(created_at=old)
    out = io.StringIO()
    call_command("purge_signups", "--dry-run", stdout=out)
    assert "2 demande(s)" in out.getvalue()
    assert WorkingGroupSignup.objects.count() == 4
    call_command("purge_signups", "--months", "12", stdout=io.StringIO())
    remaining = set(WorkingGroupSignup.objects.values_list("pk", flat=True))
    assert remaining == {old_accepted.pk, recent_refused.pk}
    assert old_refused.pk not in remaining
    with pytest.raises(CommandError):
        call_command("purge_signups", "--months", "0")
