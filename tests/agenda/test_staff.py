"""Staff handle the agenda's registrations in the admin (agenda/staff.py, staff_views.py):
the list and its filters, registering someone on the phone, promoting, cancelling, attendance,
writing to a session's participants, exports, the needs counted on the event's edit page and
on the dashboard, and who may do all this."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from agenda.models import EventSession, Registration, RegistrationStatus
from agenda.registrations import register
from agenda.staff import registration_admin
from agenda.staff_views import write_to_participants
from testing.queries import cold_get
from testing.spreadsheets import staff_csv_rows
from tests.agenda.test_registrations import in_days, make_event, person
from tests.dashboard import DASHBOARD, panel, sidebar_items

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING
CANCELLED, LAPSED = RegistrationStatus.CANCELLED, RegistrationStatus.LAPSED
REGISTRATION_PERMISSIONS = ["view_registration", "add_registration", "change_registration"]
# The list's queries, whatever the number of registrations and sessions: the login session,
# the user, their permissions (their own and their groups'), their profile; the filter's
# sessions (1); wagtail-modeladmin's three counts (all, listed, paginator); the page of rows
# (event, session, waiting position and who registered, in one query); and Wagtail's admin
# chrome (locale, page, collection and site permissions, the explorer's root: 6).
LIST_QUERIES = 16
# Filtered on one session: its counts and its interpreters' languages too (2).
SESSION_LIST_QUERIES = LIST_QUERIES + 2


def url(action, *args):
    """An admin URL of the registrations' ModelAdmin, by its action."""
    return registration_admin.url_helper.get_action_url(action, *args)


def list_url(**params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return url("index") + (f"?{query}" if query else "")


def staff_member(user_model, username="agenda", group_name="Publication"):
    """A member of `group_name` with the Registration permissions (Publication has them from
    agenda's migration 0004; another group is given them here)."""
    group = Group.objects.get(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="agenda", codename__in=REGISTRATION_PERMISSIONS
        )
    )
    user = user_model.objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(group)
    return user


@pytest.fixture
def staff(django_user_model):
    return staff_member(django_user_model)


@pytest.fixture
def session(home_page):
    return make_event(home_page, in_days(30), capacity=2)


def messages_of(response):
    """The admin messages shown by a followed response, as text."""
    return [html.unescape(str(message)).strip() for message in response.context["messages"]]


def text_of(response):
    return html.unescape(response.content.decode())


def words_of(response):
    """The response's text without tags, its white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", text_of(response)).split())


def refused(response):
    """Wagtail's answer to a missing permission: 403, or back to the dashboard with a
    message (never a 500, never the login page for a logged-in user)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == DASHBOARD
    )


def fill(session, count, start=0, **extra):
    """`count` people registered online to `session`."""
    return [
        register(session, consent=True, **person(n, **extra)) for n in range(start, start + count)
    ]


# The list


def test_the_list_filters_and_search_render_with_a_fixed_number_of_queries(
    client, staff, session, home_page
):
    other = make_event(home_page, in_days(40), capacity=1, title="Séance d'information")
    fill(session, 4)
    fill(other, 1, start=10)
    client.force_login(staff)
    addresses = {
        list_url(): LIST_QUERIES,
        list_url(session=session.pk): SESSION_LIST_QUERIES,
        list_url(status__exact="waiting"): LIST_QUERIES,
        list_url(q="Personne"): LIST_QUERIES,
    }
    for address, expected in addresses.items():
        client.get(address)  # Wagtail's one-time reads, whatever the test order
        response, before = cold_get(client, address)
        assert response.status_code == 200, address
        assert before == expected, (address, before)
    fill(session, 6, start=20)
    fill(other, 5, start=40)
    for address, expected in addresses.items():
        response, after = cold_get(client, address)
        assert (response.status_code, after) == (200, expected), address


def test_the_list_shows_status_position_contact_needs_and_attendance(client, staff, session):
    fill(session, 2)
    first_waiting, second_waiting = fill(
        session, 2, start=2, interpreter_language="arabe", childcare=True
    )
    Registration.objects.filter(pk=first_waiting.pk).update(phone="081 00 00 00")
    client.force_login(staff)
    response = client.get(list_url(session=session.pk))
    page = text_of(response)
    assert "Inscriptions aux événements" in page
    assert "Liste d'attente" in page and "Confirmée" in page
    assert "Liste d'attente (2)" in page
    assert "Interprète (arabe), garde d'enfants" in page
    assert "081 00 00 00" in page
    positions = {
        row.pk: row.waiting_position for row in response.context["object_list"] if row.status
    }
    assert positions[first_waiting.pk] == 1 and positions[second_waiting.pk] == 2
    # The session's own counts above the list: 2 held of 2, 2 waiting.
    assert "Places occupées : 2 sur 2" in " ".join(page.split())
    assert "inscriptions-evenements" in sidebar_items(page)


def test_the_session_filter_lists_upcoming_sessions_first(client, staff, session, home_page):
    later = make_event(home_page, in_days(60), capacity=3, title="Journée plus tardive")
    past = make_event(home_page, in_days(5), capacity=3, title="Journée passée")
    for n, each in enumerate([session, later, past]):
        fill(each, 1, start=10 * n)
    EventSession.objects.filter(pk=past.pk).update(date=timezone.localdate() - timedelta(days=7))
    client.force_login(staff)
    page = text_of(client.get(list_url()))
    positions = [
        page.index(f"{title} —")
        for title in ["Formation à l'interculturalité", "Journée plus tardive", "Journée passée"]
    ]
    assert positions == sorted(positions)


# Registering on someone's behalf, changing details


def test_staff_register_someone_on_the_phone_without_an_email(
    client, staff, session, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert client.get(url("create") + f"?session={session.pk}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("create"),
            {
                "session": session.pk,
                "name": "Awa Diallo",
                "email": "",
                "phone": "0470 00 00 00",
                "organisation": "CPAS de Namur",
                "interpreter_language": "peul",
                "other_needs": "",
            },
            follow=True,
        )
    assert response.status_code == 200
    registration = Registration.objects.get(name="Awa Diallo")
    assert registration.status == CONFIRMED
    assert registration.registered_by == staff
    assert registration.consent_at is None and registration.email == ""
    assert registration.interpreter_language == "peul"
    assert mail.outbox == []
    assert any("Sans e-mail" in message for message in messages_of(response))


def test_the_form_offers_only_sessions_taking_registrations(client, staff, session, home_page):
    closed = make_event(home_page, in_days(20), capacity=5, title="Annulée")
    closed.cancelled = True
    closed.save()
    client.force_login(staff)
    choices = client.get(url("create")).context["form"].fields["session"].queryset
    assert session in choices and closed not in choices
    response = client.post(url("create"), {"session": closed.pk, "name": "X"})
    assert response.status_code == 200
    assert "session" in response.context["form"].errors
    assert not Registration.objects.filter(name="X").exists()


def test_the_edit_changes_details_needs_and_attendance_never_the_status(client, staff, session):
    registration = fill(session, 1)[0]
    client.force_login(staff)
    response = client.post(
        url("edit", registration.pk),
        {
            "name": "Personne 0",
            "email": "nouvelle@example.org",
            "phone": "",
            "organisation": "",
            "interpreter_language": "ukrainien",
            "step_free": "on",
            "other_needs": "",
            "attended": "true",
            "status": CANCELLED,
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == CONFIRMED
    assert (registration.email, registration.interpreter_language) == (
        "nouvelle@example.org",
        "ukrainien",
    )
    assert registration.step_free and registration.attended is True


# Actions


def test_promote_confirms_a_waiting_person_beyond_the_capacity(
    client, staff, home_page, django_capture_on_commit_callbacks
):
    session = make_event(home_page, in_days(10), capacity=1)
    holder, waiting = fill(session, 2)
    client.force_login(staff)
    confirmation = words_of(client.get(url("promouvoir", waiting.pk)))
    assert "Places ensuite occupées : 2 sur 1" in confirmation
    assert "au-delà de la capacité" in confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("promouvoir", waiting.pk), follow=True)
    waiting.refresh_from_db()
    assert waiting.status == CONFIRMED
    assert "Places occupées : 2 sur 1." in " ".join(messages_of(response))
    assert [message.to for message in mail.outbox] == [[waiting.email]]
    assert mail.outbox[0].subject.startswith("Une place s'est libérée")
    # Promoting again changes nothing.
    response = client.post(url("promouvoir", waiting.pk), follow=True)
    assert "Rien n'a changé" in " ".join(messages_of(response))


def test_a_lapsed_person_can_be_promoted(client, staff, session):
    registration = fill(session, 1)[0]
    Registration.objects.filter(pk=registration.pk).update(status=LAPSED)
    client.force_login(staff)
    client.post(url("promouvoir", registration.pk))
    registration.refresh_from_db()
    assert registration.status == CONFIRMED


def test_cancel_gives_the_place_to_the_next_person_waiting(
    client, staff, session, django_capture_on_commit_callbacks
):
    first, second, third = fill(session, 3)
    client.force_login(staff)
    assert client.get(url("annuler", first.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("annuler", first.pk))
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.status, third.status) == (CANCELLED, CONFIRMED)
    assert [message.to for message in mail.outbox] == [[first.email], [third.email]]
    # Cancelling twice changes nothing.
    response = client.post(url("annuler", first.pk), follow=True)
    assert "déjà annulée" in " ".join(messages_of(response))


def test_attendance_for_several_people_at_once(client, staff, session):
    first, second = fill(session, 2)
    client.force_login(staff)
    sheet = client.get(url("presences", session.pk))
    assert sheet.status_code == 200 and "Personne 1" in text_of(sheet)
    response = client.post(
        url("presences", session.pk),
        {f"presence-{first.pk}": "present", f"presence-{second.pk}": "absent"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attended, second.attended) == (True, False)
    # Only this session's registrations change.
    client.post(url("presences", session.pk), {f"presence-{first.pk}": "inconnu"})
    first.refresh_from_db()
    assert first.attended is None


# Writing to a session's participants


def test_writing_queues_one_email_per_participant_with_an_address(
    client, staff, home_page, django_capture_on_commit_callbacks
):
    session = make_event(home_page, in_days(15), capacity=3)
    fill(session, 2)
    register(session, name="Sans Adresse", phone="0499 99 99 99")
    fill(session, 1, start=5)  # waiting
    client.force_login(staff)
    form = {"subject": "Changement de salle", "message": "Rendez-vous salle 2."}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("ecrire", session.pk), form, follow=True)
    assert len(callbacks) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "personne0@example.org",
        "personne1@example.org",
    ]
    assert mail.outbox[0].subject == "Changement de salle"
    assert "Rendez-vous salle 2." in mail.outbox[0].body
    assert "Formation à l'interculturalité" in mail.outbox[0].body
    said = " ".join(messages_of(response))
    assert "2 personnes" in said and "1 personne n'a pas d'e-mail" in said
    page = text_of(response)
    assert "Sans Adresse" in page and "0499 99 99 99" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url("ecrire", session.pk), {**form, "include_waiting": "on"})
    assert len(callbacks) == 3 and len(mail.outbox) == 3


def test_nothing_is_queued_when_the_transaction_rolls_back(
    session, django_capture_on_commit_callbacks
):
    fill(session, 2)

    class Abort(Exception):
        """Rolls the transaction back."""

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Abort), transaction.atomic():
            written, _ = write_to_participants(session, "Objet", "Message")
            assert len(written) == 2
            raise Abort
    assert callbacks == [] and mail.outbox == []


# Exports


def test_the_session_exports_in_csv_and_xlsx(client, staff, session, home_page):
    fill(session, 3, interpreter_language="dari")
    other = make_event(home_page, in_days(50), capacity=2, title="Autre")
    register(other, name='=HYPERLINK("http://evil.example")')
    client.force_login(staff)
    rows = staff_csv_rows(client.get(list_url(session=session.pk, export="csv")))
    header, *lines = rows
    assert header[:6] == [
        "Événement",
        "Date de la session",
        "Heure",
        "Statut",
        "Position en liste d'attente",
        "Nom",
    ]
    assert len(lines) == 3
    statuses = [line[3] for line in lines]
    positions = [line[4] for line in lines]
    assert sorted(statuses) == ["Confirmée", "Confirmée", "Liste d'attente"]
    assert "1" in positions
    assert all(line[header.index("Interprète (langue)")] == "dari" for line in lines)

    response = client.get(list_url(session=session.pk, export="xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert sheet[0][0] == "Événement" and len(sheet) == 4
    assert {row[0] for row in sheet[1:]} == {"Formation à l'interculturalité"}

    everything = staff_csv_rows(client.get(list_url(export="csv")))
    names = [line[5] for line in everything[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in names


# Needs, counted per session


def add_needs(session):
    """Five holding a place (two capacity 5), needs of every kind, one waiting not counted."""
    fill(session, 2, interpreter_language="arabe")
    fill(session, 1, start=2, interpreter_language="Arabe ", childcare=True)
    fill(session, 1, start=3, interpreter_language="tigrinya", step_free=True)
    fill(session, 1, start=4, other_needs="Un régime sans gluten")
    fill(session, 1, start=5, childcare=True)  # waiting: not counted in the needs


def test_the_event_edit_page_counts_the_needs_per_session(client, staff, home_page):
    session = make_event(home_page, in_days(12), capacity=5)
    client.force_login(staff)
    edit = f"/admin/pages/{session.event_id}/edit/"
    client.get(edit)
    response, before = cold_get(client, edit)
    assert response.status_code == 200
    add_needs(session)
    response, after = cold_get(client, edit)
    assert after == before
    page = " ".join(text_of(response).split())
    assert "Inscriptions et besoins" in page
    assert "<td>5 / 5</td> <td>1</td> <td>arabe : 3<br>tigrinya : 1</td>" in page
    assert "<td>1</td> <td>1</td> <td>1</td>" in page  # childcare, step-free, other
    assert f"?session={session.pk}" in page


# The dashboard's « Prochaines sessions »: the sessions with their counts (1), the interpreters'
# languages (1); the user's Registration permission is read with the others.
DASHBOARD_PANEL_QUERIES = 2


def test_the_dashboard_lists_the_next_sessions_with_their_needs(
    client, staff, django_user_model, home_page
):
    session = make_event(home_page, in_days(3), capacity=5)
    client.force_login(staff)
    client.get(DASHBOARD)
    _, without_sessions = cold_get(client, DASHBOARD)
    add_needs(session)
    later = make_event(home_page, in_days(9), capacity=1, title="Plénière")
    fill(later, 3, start=20)
    response, with_sessions = cold_get(client, DASHBOARD)
    section = " ".join(
        html.unescape(panel(response.content.decode(), "prochaines-sessions")).split()
    )
    assert "Formation à l'interculturalité" in section and "Plénière" in section
    assert section.index("Formation") < section.index("Plénière")
    assert "<td>5 / 5</td> <td>1</td> <td>arabe : 3<br>tigrinya : 1</td>" in section
    assert "<td>1 / 1</td> <td>2</td>" in section
    # One more query when there are sessions: their interpreters' languages.
    assert with_sessions == without_sessions + 1
    fill(make_event(home_page, in_days(20), capacity=9, title="Encore"), 5, start=40)
    _, more = cold_get(client, DASHBOARD)
    assert more == with_sessions


def test_the_dashboard_panel_costs_its_pinned_queries(client, staff, home_page):
    """The panel's own queries, measured against the same user without it."""
    add_needs(make_event(home_page, in_days(3), capacity=5))
    client.force_login(staff)
    client.get(DASHBOARD)
    _, with_panel = cold_get(client, DASHBOARD)
    group = Group.objects.get(name="Publication")
    group.permissions.remove(*Permission.objects.filter(codename__in=REGISTRATION_PERMISSIONS))
    response, without_panel = cold_get(client, DASHBOARD)
    assert panel(response.content.decode(), "prochaines-sessions") is None
    assert with_panel - without_panel == DASHBOARD_PANEL_QUERIES


# Who may


def test_staff_without_the_permissions_are_refused(client, django_user_model, session):
    registration = fill(session, 1)[0]
    group = Group.objects.get(name="Publication")
    group.permissions.remove(*Permission.objects.filter(codename__in=REGISTRATION_PERMISSIONS))
    user = django_user_model.objects.create_user("pub", "pub@example.org", "x")
    user.groups.add(group)
    client.force_login(user)
    for address in [
        list_url(),
        list_url(export="csv"),
        url("create"),
        url("edit", registration.pk),
        url("inspect", registration.pk),
        url("annuler", registration.pk),
        url("promouvoir", registration.pk),
        url("presences", session.pk),
        url("ecrire", session.pk),
    ]:
        assert refused(client.get(address)), address
    assert refused(client.post(url("annuler", registration.pk)))
    registration.refresh_from_db()
    assert registration.status == CONFIRMED
    dashboard = client.get(DASHBOARD).content.decode()
    assert panel(dashboard, "prochaines-sessions") is None
    assert "inscriptions-evenements" not in sidebar_items(dashboard)
    edit = text_of(client.get(f"/admin/pages/{session.event_id}/edit/"))
    assert "Inscriptions et besoins" not in edit


def test_a_reader_sees_but_does_not_act(client, django_user_model, session):
    registration = fill(session, 1)[0]
    group = Group.objects.create(name="Lecture des inscriptions")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_registration"),
    )
    user = django_user_model.objects.create_user("lecteur", "l@example.org", "x")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(list_url()).status_code == 200
    assert client.get(url("inspect", registration.pk)).status_code == 200
    assert refused(client.post(url("annuler", registration.pk)))
    assert refused(client.get(url("create")))
    assert refused(client.get(url("delete", registration.pk)))
    registration.refresh_from_db()
    assert registration.status == CONFIRMED


def test_malformed_requests_are_refused_never_a_server_error(client, staff, session):
    registration = fill(session, 1)[0]
    client.force_login(staff)
    for address in [
        list_url(session="abc"),
        list_url(registered_by__password="x"),
        list_url(status__exact="nope"),
    ]:
        status = client.get(address).status_code
        assert 400 <= status < 500 or status == 200, (address, status)
    assert client.get(list_url(session="abc")).status_code == 400
    assert client.get(list_url(registered_by__password="x")).status_code == 400
    assert client.post(url("presences", session.pk), {"presence-abc": "present"}).status_code == 400
    bad_value = {f"presence-{registration.pk}": "peut-être"}
    assert client.post(url("presences", session.pk), bad_value).status_code == 400
    assert client.post(url("promouvoir", 999999)).status_code == 404
    assert client.post(url("ecrire", 999999), {}).status_code == 404
    assert client.post(url("ecrire", session.pk), {"subject": ""}).status_code == 200
    assert client.post(url("create"), {"session": "abc", "name": ""}).status_code == 200
    long_subject = {"subject": "x" * 500, "message": "y"}
    assert client.post(url("ecrire", session.pk), long_subject).status_code == 200
    assert mail.outbox == []
    # A past session takes no promotion.
    registration.session.date = timezone.localdate() - timedelta(days=1)
    registration.session.save()
    Registration.objects.filter(pk=registration.pk).update(status=WAITING)
    response = client.post(url("promouvoir", registration.pk), follow=True)
    assert "Rien n'a changé" in " ".join(messages_of(response))


def test_publication_handles_the_registrations_from_its_migration(client, django_user_model):
    user = django_user_model.objects.create_user("com", "com@example.org", "x")
    user.groups.add(Group.objects.get(name="Publication"))
    for codename in REGISTRATION_PERMISSIONS:
        assert user.has_perm(f"agenda.{codename}"), codename
    assert not user.has_perm("agenda.delete_registration")
    client.force_login(user)
    assert client.get(list_url()).status_code == 200
