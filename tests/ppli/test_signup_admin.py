"""Staff handle the requests to join the PPLI's network in the admin (and those made before it,
one 2017-2020 working group each); only the Coordination PPLI group sees them, and it accepts or
refuses them without ever creating or editing one."""

import html
import io
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ppli.emails import send_signup_emails
from ppli.models import (
    AxisPage,
    ConcertationSpacePage,
    SignupStatus,
    WorkingGroupPage,
    WorkingGroupSignup,
)
from ppli.signup_admin import decision_url, signup_admin
from testing.spreadsheets import staff_csv_rows
from tests.conftest import page_at
from tests.dashboard import sidebar_items
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

EXPORT_HEADINGS = [
    "Reçue le",
    "Groupe (2017-2020)",
    "Axes",
    "Thématiques",
    "Espaces de concertation",
    "Organisation",
    "Type d'organisation",
    "Personne de contact",
    "Fonction",
    "E-mail",
    "Téléphone",
    "Commune",
    "Message",
    "État",
    "Décidée le",
]


def url(action, *args):
    """An admin URL of the sign-up ModelAdmin, by its action ("index", "inspect", …)."""
    return signup_admin.url_helper.get_action_url(action, *args)


def make_signup(group_slug="gt-logement", **fields):
    """A request made the old way: one 2017-2020 group per row."""
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


def make_network_signup(axes=(), thematics=(), spaces=(), **fields):
    """A request to join the network, as the public form stores it."""
    values = {
        "submission": uuid.uuid4(),
        "organisation_name": "Maison médicale du Centre",
        "organisation_kind": "associatif",
        "contact_name": "Awa Diallo",
        "role": "Coordinatrice",
        "email": f"{uuid.uuid4().hex[:8]}@example.org",
        "commune": "Namur",
        "consent_at": timezone.now(),
    }
    values.update(fields)
    signup = WorkingGroupSignup.objects.create(**values)
    signup.axes.set(AxisPage.objects.filter(number__in=axes))
    signup.thematics.set(ThematicPage.objects.filter(slug__in=thematics))
    signup.spaces.set(spaces)
    return signup


def open_space(title, slug):
    """A concertation space staff opened to sign-ups."""
    space = ConcertationSpacePage(title=title, slug=slug, open_for_signup=True)
    page_at("/ppli/groupes-de-travail/").add_child(instance=space)
    return space


def shows_menu_item(html):
    """Does the admin page's menu (JSON in a data attribute, accents escaped) list the
    requests?"""
    return any(
        label in html
        for label in ("Inscriptions au réseau du PPLI", "Inscriptions au r\\u00e9seau du PPLI")
    )


def member_of(django_user_model, group_name):
    user = django_user_model.objects.create_user(group_name.lower().replace(" ", "-"), "", "x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def coordinator(django_user_model):
    return member_of(django_user_model, "Coordination PPLI")


def messages_of(response):
    """The admin messages shown by a response, as text (Wagtail stores them as HTML)."""
    return [html.unescape(str(message)).strip() for message in response.context["messages"]]


def csv_rows(response):
    assert response.status_code == 200
    return staff_csv_rows(response)


def xlsx_rows(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


def test_anonymous_visitors_are_sent_to_the_login(client):
    signup = make_signup()
    for address in [
        url("index"),
        url("index") + "?export=csv",
        url("inspect", signup.pk),
        decision_url("accepter") + f"?id={signup.pk}",
    ]:
        response = client.get(address)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], address


@pytest.mark.parametrize("group_name", ["Rédaction", "Publication"])
def test_other_staff_never_see_the_requests(client, django_user_model, group_name):
    signup = make_signup()
    client.force_login(member_of(django_user_model, group_name))
    for address in [
        url("index"),
        url("index") + "?export=csv",
        url("index") + "?export=xlsx",
        url("inspect", signup.pk),
        decision_url("accepter") + f"?id={signup.pk}",
        decision_url("refuser") + "?id=all",
    ]:
        response = client.get(address)
        assert response.status_code in (302, 403), address
        assert b"Maison m" not in response.content and signup.email.encode() not in response.content
    # Wagtail answers a refused admin action with a redirect to the dashboard.
    denied = client.post(decision_url("accepter") + f"?id={signup.pk}")
    assert denied.status_code == 302 and denied["Location"] == reverse("wagtailadmin_home")
    assert not shows_menu_item(client.get("/admin/").content.decode())
    signup.refresh_from_db()
    assert signup.status == SignupStatus.PENDING


def test_the_requests_are_no_longer_a_snippet(client, admin_user):
    """wagtail-modeladmin lists them: no snippet views, no chooser listing them to any admin
    user, no « usage » or history view."""
    signup = make_signup()
    with pytest.raises(NoReverseMatch):
        reverse("wagtailsnippets_ppli_workinggroupsignup:list")
    with pytest.raises(NoReverseMatch):
        reverse("wagtailsnippetchoosers_ppli_workinggroupsignup:choose")
    with pytest.raises(NoReverseMatch):
        url("history", signup.pk)
    client.force_login(admin_user)
    assert client.get("/admin/snippets/choose/ppli/workinggroupsignup/").status_code == 404
    snippets = client.get(reverse("wagtailsnippets:index")).content.decode()
    assert reverse("wagtailsnippets_ppli_organisation:list") in snippets
    assert "/admin/snippets/ppli/workinggroupsignup/" not in snippets


def test_the_former_snippet_addresses_lead_to_the_new_views(client, coordinator):
    """Notification e-mails sent before the change link to /admin/snippets/…/inspect/<pk>/."""
    signup = make_signup()
    client.force_login(coordinator)
    former = "/admin/snippets/ppli/workinggroupsignup/"
    response = client.get(f"{former}inspect/{signup.pk}/")
    assert response.status_code == 302 and response["Location"] == url("inspect", signup.pk)
    response = client.get(f"{former}?status=en_attente")
    assert response.status_code == 302
    assert response["Location"] == url("index") + "?status=en_attente"


def test_coordinator_lists_filters_searches_and_inspects(client, coordinator):
    first = make_signup(
        organisation_name="Maison médicale du Centre", phone="", message="<b>Bonjour</b>\nMerci"
    )
    make_signup("gt-sante-et-aide-sociale", organisation_name="CPAS de Namur", status="refusee")
    WorkingGroupSignup.objects.filter(pk=first.pk).update(
        created_at=datetime(2026, 11, 30, 11, 2, 28, tzinfo=UTC)
    )
    client.force_login(coordinator)
    assert shows_menu_item(client.get("/admin/").content.decode())
    html = client.get(url("index")).content.decode()
    assert "Maison médicale du Centre" in html and "CPAS de Namur" in html
    assert 'placeholder="Nom ou e-mail"' in html
    assert "En attente" in html and "Refusée" in html
    # The filters, under French headings; the short form of older links still filters.
    assert "Par état" in html and "Par date de réception" in html and "Par groupe" in html
    assert 'href="?status__exact=en_attente"' in html
    by_state = client.get(url("index"), {"status__exact": "en_attente"}).content.decode()
    assert "Maison médicale du Centre" in by_state and "CPAS de Namur" not in by_state
    pending = client.get(url("index"), {"status": SignupStatus.PENDING}).content.decode()
    assert "Maison médicale du Centre" in pending and "CPAS de Namur" not in pending
    by_group = client.get(url("index"), {"group": first.group_id}).content.decode()
    assert "Maison médicale du Centre" in by_group and "CPAS de Namur" not in by_group
    found = client.get(url("index"), {"q": "cpas"}).content.decode()
    assert "CPAS de Namur" in found and "Maison médicale du Centre" not in found
    inspect = client.get(url("inspect", first.pk))
    assert inspect.status_code == 200
    page = inspect.content.decode()
    assert first.email in page and "Personne de contact" in page and "Associatif" in page
    assert "30 novembre 2026 à 12:02" in page  # Brussels time
    assert "&lt;b&gt;Bonjour&lt;/b&gt;<br>Merci" in page
    assert "En attente" in page


def test_coordinator_can_neither_create_nor_edit(client, coordinator):
    """Deleting is Coordination's (a partner asks that its data be erased:
    tests/home/test_retention.py); creating and editing are not."""
    signup = make_signup()
    client.force_login(coordinator)
    html = client.get(url("index")).content.decode()
    assert url("create") not in html and url("edit", signup.pk) not in html
    for address in [url("create"), url("edit", signup.pk)]:
        response = client.get(address)
        assert response.status_code in (302, 403), address
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(url("edit", signup.pk), {"organisation_name": "Autre"})
    assert response.status_code in (302, 403)
    signup.refresh_from_db()
    assert signup.organisation_name == "Maison médicale du Centre"
    assert not coordinator.has_perm("ppli.change_workinggroupsignup")
    assert coordinator.has_perm("ppli.decide_workinggroupsignup")


def test_superuser_keeps_every_view(client, admin_user):
    signup = make_signup()
    client.force_login(admin_user)
    for address in [url("index"), url("inspect", signup.pk), url("create"), url("edit", signup.pk)]:
        assert client.get(address).status_code == 200, address


def test_accept_and_refuse_several_with_a_confirmation(
    client, coordinator, django_capture_on_commit_callbacks
):
    accepted = [make_signup(), make_signup("gt-sante-et-aide-sociale")]
    already_refused = make_signup("comite-accompagnement-pratique", status="refusee")
    refused = make_signup("comite-accompagnement-pratique")
    client.force_login(coordinator)

    selection = "&".join(f"id={s.pk}" for s in [*accepted, already_refused])
    address = f"{decision_url('accepter')}?{selection}&next={url('index')}"
    confirmation = client.get(address)
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Accepter ces 2 demandes ?" in page
    assert "Chaque partenaire reçoit un e-mail" in page
    assert "Cette demande est déjà traitée" in page and "Oui, accepter" in page
    assert WorkingGroupSignup.objects.filter(status=SignupStatus.PENDING).count() == 3
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address, follow=True)
    assert response.redirect_chain[-1][0] == url("index")
    assert messages_of(response) == [
        "2 demandes acceptées ; chaque partenaire reçoit un e-mail. "
        "1 demande déjà traitée n'a pas été modifiée."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{decision_url('refuser')}?id={refused.pk}&next={url('index')}", follow=True
        )
    assert messages_of(response) == ["1 demande refusée ; le partenaire reçoit un e-mail."]

    for signup in accepted:
        signup.refresh_from_db()
        assert signup.status == SignupStatus.ACCEPTED
        assert signup.decided_by == coordinator and signup.decided_at is not None
    refused.refresh_from_db()
    assert refused.status == SignupStatus.DECLINED and refused.decided_by == coordinator
    already_refused.refresh_from_db()
    assert already_refused.status == SignupStatus.DECLINED and already_refused.decided_by is None
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 3
    assert sum(s.startswith("Inscription acceptée") for s in subjects) == 2
    assert sum(s.startswith("Inscription non retenue") for s in subjects) == 1
    assert "est acceptée" in [m for m in mail.outbox if m.to == [accepted[0].email]][0].body

    # A decided request is never decided again (no second e-mail).
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{decision_url('accepter')}?id={refused.pk}&next={url('index')}", follow=True
        )
    refused.refresh_from_db()
    assert refused.status == SignupStatus.DECLINED and mail.outbox == []
    assert messages_of(response) == [
        "Aucune demande n'a été modifiée. 1 demande déjà traitée n'a pas été modifiée."
    ]


def test_accept_from_the_inspect_view(client, coordinator, django_capture_on_commit_callbacks):
    signup = make_signup()
    client.force_login(coordinator)
    inspect = url("inspect", signup.pk)
    page = client.get(inspect).content.decode()
    accept = f"{decision_url('accepter')}?id={signup.pk}&amp;next={inspect.replace('/', '%2F')}"
    assert f'href="{accept}"' in page
    assert f"{decision_url('refuser')}?id={signup.pk}" in page

    address = accept.replace("&amp;", "&")
    confirmation = client.get(address).content.decode()
    assert "Accepter cette demande ?" in confirmation
    assert "Le partenaire reçoit un e-mail" in confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address)
    assert response.status_code == 302 and response["Location"] == inspect
    signup.refresh_from_db()
    assert signup.status == SignupStatus.ACCEPTED and signup.decided_by == coordinator
    assert [m.to for m in mail.outbox] == [[signup.email]]
    page = client.get(inspect).content.decode()
    assert "Acceptée" in page and decision_url("accepter") not in page


def test_all_in_listing_means_what_the_list_shows(
    client, coordinator, django_capture_on_commit_callbacks
):
    housing = make_signup()
    health = make_signup("gt-sante-et-aide-sociale")
    client.force_login(coordinator)
    address = f"{decision_url('refuser')}?id=all&group={housing.group_id}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(address)
    housing.refresh_from_db()
    health.refresh_from_db()
    assert housing.status == SignupStatus.DECLINED
    assert health.status == SignupStatus.PENDING


def test_the_list_offers_the_decisions_to_those_who_decide(
    client, coordinator, django_user_model, django_capture_on_commit_callbacks
):
    first, second = make_signup(), make_signup("gt-sante-et-aide-sociale")
    refused = make_signup("comite-accompagnement-pratique", status="refusee")
    client.force_login(coordinator)
    listing = url("index") + "?status=en_attente"
    page = client.get(listing).content.decode()
    assert '<form id="signup-decisions" method="get"' in page
    for signup in (first, second):
        assert f'name="id" value="{signup.pk}"' in page
    assert f'value="{refused.pk}"' not in page  # filtered out
    assert f'formaction="{decision_url("accepter")}"' in page
    assert f'formaction="{decision_url("refuser")}"' in page
    assert 'name="id" value="all"' in page and "Toutes les 2 demandes listées" in page
    assert '<input type="hidden" name="status" value="en_attente">' in page

    # What the form sends: the ticked boxes, the list's filters, the way back.
    selection = urlencode([("id", first.pk), ("status", "en_attente"), ("next", listing)])
    confirmation = client.get(f"{decision_url('refuser')}?{selection}").content.decode()
    assert "Refuser cette demande ?" in confirmation and "Oui, refuser" in confirmation
    assert 'name="csrfmiddlewaretoken"' in confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{decision_url('refuser')}?{selection}")
    assert response.status_code == 302 and response["Location"] == listing
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == SignupStatus.DECLINED and second.status == SignupStatus.PENDING
    assert [m.to for m in mail.outbox] == [[first.email]]

    # Those who only read the requests get neither the boxes nor the decisions.
    reader = django_user_model.objects.create_user("lecteur", "", "x")
    reader.user_permissions.add(
        Permission.objects.get(codename="view_workinggroupsignup"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(reader)
    page = client.get(url("index")).content.decode()
    assert second.email in page
    assert 'name="id"' not in page and decision_url("accepter") not in page
    assert decision_url("accepter") not in client.get(url("inspect", second.pk)).content.decode()
    response = client.get(decision_url("accepter") + f"?id={second.pk}")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_a_decision_without_a_request_chosen_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.get(decision_url("accepter"), follow=True)
    assert response.redirect_chain[-1][0] == url("index")
    assert messages_of(response) == ["Cochez d'abord une ou plusieurs demandes."]


def test_bad_addresses_get_a_400_not_a_500(client, coordinator):
    signup = make_signup()
    client.force_login(coordinator)
    for address in [
        url("index") + "?group=abc",
        url("index") + "?axes__id__exact=abc",
        url("index") + "?created_at__gte=hier",
        url("index") + "?inconnu=1",
        url("index") + "?export=csv&group=abc",
        decision_url("accepter") + "?id=abc",
        decision_url("accepter") + "?id=all&group=abc",
    ]:
        assert client.get(address).status_code == 400, address
    # Only the list's filters: no probing a field the list does not show.
    for lookup in ["decided_by__password__startswith", "decided_by__username", "submission"]:
        response = client.get(url("index"), {lookup: "p"})
        assert response.status_code == 400, lookup
    assert client.get(url("index"), {"status": "en_attente"}).status_code == 200
    assert client.get(url("index"), {"status__exact": "acceptee"}).status_code == 200
    signup.refresh_from_db()
    assert signup.status == SignupStatus.PENDING


def test_a_decision_never_sends_the_user_elsewhere(client, coordinator):
    signup = make_signup()
    client.force_login(coordinator)
    address = f"{decision_url('accepter')}?id={signup.pk}&next=https://ailleurs.example/"
    assert 'href="https://ailleurs.example/"' not in client.get(address).content.decode()
    response = client.post(address)
    assert response.status_code == 302 and response["Location"] == url("index")


def test_notification_email_links_to_the_request(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portail.example.be"
    signup = make_signup()
    send_signup_emails(signup.submission)
    notification = [m for m in mail.outbox if m.to != [signup.email]][0]
    address = "https://portail.example.be" + url("inspect", signup.pk)
    assert address in notification.body
    assert f'href="{address}"' in notification.alternatives[0][0]
    assert "/admin/\n" not in notification.body


def test_export_csv_in_french_and_brussels_time(client, coordinator):
    signup = make_signup(email="awa@example.org", phone="+32 81 00 00 00")
    summer = make_signup("gt-sante-et-aide-sociale", organisation_kind="public")
    WorkingGroupSignup.objects.filter(pk=signup.pk).update(
        created_at=datetime(2026, 11, 30, 11, 2, 28, 138575, tzinfo=UTC),
        decided_at=datetime(2026, 12, 1, 8, 30, tzinfo=UTC),
        status=SignupStatus.ACCEPTED,
    )
    WorkingGroupSignup.objects.filter(pk=summer.pk).update(
        created_at=datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    )
    client.force_login(coordinator)
    rows = csv_rows(client.get(url("index"), {"export": "csv"}))
    assert rows[0] == EXPORT_HEADINGS
    by_email = {row[9]: row for row in rows[1:]}
    row = by_email["awa@example.org"]
    assert row[0] == "2026-11-30 12:02"
    assert row[1].startswith("GT 3°") and row[2:5] == ["", "", ""]
    assert row[5:8] == ["Maison médicale du Centre", "Associatif", "Awa Diallo"]
    assert row[13] == "Acceptée" and row[14] == "2026-12-01 09:30"
    summer_row = by_email[summer.email]
    assert summer_row[0] == "2026-07-01 12:00"  # summer time: UTC+2
    assert summer_row[6] == "Public" and summer_row[13] == "En attente"
    assert summer_row[14] == ""
    # The export follows the list's filters.
    pending = csv_rows(client.get(url("index"), {"export": "csv", "status": "en_attente"}))
    assert [row[9] for row in pending[1:]] == [summer.email]


def test_export_xlsx_in_french_and_brussels_time(client, coordinator):
    signup = make_signup(email="awa@example.org")
    WorkingGroupSignup.objects.filter(pk=signup.pk).update(
        created_at=datetime(2026, 11, 30, 11, 2, 28, 138575, tzinfo=UTC),
        status=SignupStatus.ACCEPTED,
    )
    client.force_login(coordinator)
    rows = xlsx_rows(client.get(url("index"), {"export": "xlsx"}))
    assert rows[0] == EXPORT_HEADINGS
    received = rows[1][0]
    assert isinstance(received, datetime) and received.tzinfo is None
    assert received.replace(second=0, microsecond=0) == datetime(2026, 11, 30, 12, 2)
    assert rows[1][5] == "Maison médicale du Centre" and rows[1][9] == "awa@example.org"
    assert rows[1][6] == "Associatif" and rows[1][13] == "Acceptée"


def test_network_requests_in_the_list_the_inspect_view_the_filters_and_the_exports(
    client, coordinator, django_assert_max_num_queries
):
    space = open_space("Plateforme d'essai", "plateforme-essai")
    network = make_network_signup(
        axes=["2°", "3°"], thematics=["logement"], spaces=[space], email="reseau@example.org"
    )
    old = make_signup(email="ancien@example.org")
    client.force_login(coordinator)

    listing = client.get(url("index")).content.decode()
    assert "Réseau du PPLI" in listing and "GT 3°" in listing
    inspect = client.get(url("inspect", network.pk)).content.decode()
    assert "Plateforme d&#x27;essai" in inspect and "Logement" in inspect and "2° " in inspect

    axis = AxisPage.objects.get(number="2°")
    by_axis = csv_rows(client.get(url("index"), {"export": "csv", "axes": axis.pk}))
    assert [row[9] for row in by_axis[1:]] == ["reseau@example.org"]
    by_space = client.get(url("index"), {"spaces": space.pk}).content.decode()
    assert "reseau@example.org" in by_space and "ancien@example.org" not in by_space
    by_group = client.get(url("index"), {"group": old.group_id}).content.decode()
    assert "ancien@example.org" in by_group and "reseau@example.org" not in by_group

    # More network requests cost no query per row in the export.
    for _ in range(5):
        make_network_signup(axes=["5°"], thematics=["sante"], spaces=[space])
    with django_assert_max_num_queries(30):
        rows = csv_rows(client.get(url("index"), {"export": "csv"}))
    by_email = {row[9]: row for row in rows[1:]}
    row = by_email["reseau@example.org"]
    assert row[1] == ""
    assert row[2].startswith("2° ") and ", 3° " in row[2]
    assert row[3] == "Logement" and row[4] == "Plateforme d'essai"
    assert by_email["ancien@example.org"][1].startswith("GT 3°")
    xlsx = xlsx_rows(client.get(url("index"), {"export": "xlsx"}))
    assert xlsx[0] == EXPORT_HEADINGS
    assert any(r[4] == "Plateforme d'essai" for r in xlsx[1:])


def test_deciding_a_network_request_tells_the_partner(
    client, coordinator, django_capture_on_commit_callbacks
):
    signup = make_network_signup(axes=["3°"])
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{decision_url('accepter')}?id={signup.pk}&next={url('index')}")
    signup.refresh_from_db()
    assert signup.status == SignupStatus.ACCEPTED
    [message] = mail.outbox
    assert message.subject == "Inscription acceptée : Réseau du PPLI"
    assert "pour rejoindre le réseau du PPLI est acceptée" in message.body


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


def test_the_permissions_can_be_given_to_a_group_in_the_admin(client, admin_user):
    """wagtail-modeladmin registers the requests' permissions, « decide » included, on the
    groups' page (Paramètres › Groupes)."""
    coordination = Group.objects.get(name="Coordination PPLI")
    client.force_login(admin_user)
    page = client.get(reverse("wagtailusers_groups:edit", args=[coordination.pk])).content.decode()
    decide = Permission.objects.get(codename="decide_workinggroupsignup")
    view = Permission.objects.get(codename="view_workinggroupsignup")
    assert "Peut accepter ou refuser une inscription" in page
    for permission in (decide, view):
        assert f'value="{permission.pk}" checked' in page or (
            f'checked value="{permission.pk}"' in page
        )


def test_the_menu_item_keeps_its_name_and_place(client, admin_user):
    """« Inscriptions au réseau du PPLI »: same name as the snippet's item had (bookmarks, the
    guide), after « Pages » (100) and before « Images » (300)."""
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "inscriptions-groupes-de-travail" in sidebar_items(html)
    names = re.findall(r'"name": "([^"]+)"', html)
    position = names.index("inscriptions-groupes-de-travail")
    assert names.index("explorer") < position < names.index("images")


def test_exports_open_cleanly_in_a_french_spreadsheet(client, coordinator, settings):
    """CSV: the UTF-8 mark first and ";" between cells; XLSX: a named sheet, sized columns."""
    make_signup(email="une-adresse-assez-longue@example.org")
    client.force_login(coordinator)
    response = client.get(url("index"), {"export": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8")[1:].splitlines()[0].split(";") == EXPORT_HEADINGS
    response = client.get(url("index"), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.title == "Inscriptions au réseau du PPLI"
    email_column = get_column_letter(EXPORT_HEADINGS.index("E-mail") + 1)
    assert sheet.column_dimensions[email_column].width >= len(
        "une-adresse-assez-longue@example.org"
    )

    settings.STAFF_CSV_DELIMITER = ","
    response = client.get(url("index"), {"export": "csv"})
    assert staff_csv_rows(response)[0] == EXPORT_HEADINGS


def test_the_exports_answer_even_with_control_characters_stored(client, coordinator):
    """A row stored before the forms refused them (XLSX forbids them: openpyxl would 500)."""
    make_signup(organisation_name="Asbl\x01\x1b\x7f", contact_name="Awa\r\nBcc: x@example.org")
    client.force_login(coordinator)
    xlsx = client.get(url("index") + "?export=xlsx")
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    # XLSX forbids \x01 and \x1b (dropped); DEL (\x7f) it holds.
    assert "Asbl\x7f" in [cell for row in rows for cell in row], rows
    csv_response = client.get(url("index") + "?export=csv")
    assert csv_response.status_code == 200
