"""The reminders of a session (agenda/reminders.py, manage.py send_agenda_reminders): two days
before and on the morning, to the confirmed people only, once each, never after a cancellation
or for a session moved since; the offers that ran out lapse through the same command; the
confirmation carries the session's calendar file."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from agenda.models import (
    BRUSSELS,
    AgendaPage,
    EventPage,
    EventSession,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
)
from agenda.registrations import cancel, register
from agenda.reminders import fingerprint, plan_reminders
from agenda.tasks import send_reminder
from tests.core.mail_queue import DATABASE_TASKS, run_queued_tasks, waiting_tasks

pytestmark = pytest.mark.django_db

TITLE = "Atelier d'écriture interculturel"
MEETING = "https://visio.example.org/atelier-42"
TWO_DAYS, MORNING = ReminderKind.TWO_DAYS, ReminderKind.MORNING


def make_session(home_page, day, start=time(14), capacity=2, online=False):
    """A published event with one session on `day` at `start` (Brussels), `capacity` places."""
    agenda = AgendaPage.objects.first()
    if agenda is None:
        agenda = home_page.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    event = EventPage(
        title=TITLE,
        kind="formation",
        address="Maison des associations\nrue Godefroid 20, 5000 Namur",
        online=online,
        online_url=MEETING if online else "",
    )
    end = (datetime.combine(day, start) + timedelta(hours=2)).time()
    event.sessions = [EventSession(date=day, start_time=start, end_time=end, capacity=capacity)]
    agenda.add_child(instance=event)
    return event.sessions.get()


def person(n):
    return {"name": f"Personne {n}", "email": f"personne{n}@example.org"}


def at(day, hour, minute=5):
    """An aware moment, Brussels time."""
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def run_command(moment, callbacks):
    """Run the command as if it were `moment`, its queued e-mails sent (immediate backend)."""
    out = io.StringIO()
    with callbacks(execute=True):
        call_command("send_agenda_reminders", "--at", moment.isoformat(), stdout=out)
    return out.getvalue()


def reminder_mail(kind_subject):
    return [m for m in mail.outbox if m.subject.startswith(kind_subject)]


@pytest.fixture
def day():
    """The session's day: ten days on, so that the real time is well before it."""
    return timezone.localdate() + timedelta(days=10)


def test_two_reminders_each_sent_once_to_the_confirmed_people_only(
    home_page, day, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day, online=True)
    first, second, waiting = (register(session, **person(n)) for n in range(3))
    assert waiting.status == RegistrationStatus.WAITING

    # Before its time, nothing; then the two-day reminder, once however often the command runs.
    assert "0 rappel(s) prévu(s)" in run_command(
        at(day - timedelta(days=2), 13, 55), django_capture_on_commit_callbacks
    )
    assert mail.outbox == []
    out = run_command(at(day - timedelta(days=2), 14), django_capture_on_commit_callbacks)
    assert "2 rappel(s) prévu(s)" in out
    run_command(at(day - timedelta(days=1), 9), django_capture_on_commit_callbacks)
    two_days = reminder_mail("Rappel : ")
    assert sorted(m.to[0] for m in two_days) == ["personne0@example.org", "personne1@example.org"]
    weekday = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"][
        day.weekday()
    ]
    assert two_days[0].subject.startswith(f"Rappel : {TITLE}, {weekday} {day.day} ")
    body = two_days[0].body
    assert "14 h – 16 h (heure de Bruxelles)" in body
    assert "Où : Maison des associations, rue Godefroid 20, 5000 Namur, Aussi en ligne" in body
    assert MEETING in body  # the registered people's link
    assert "/agenda/mon-inscription/" in body

    # The morning of the session, once too.
    run_command(at(day, 7, 0), django_capture_on_commit_callbacks)
    run_command(at(day, 8), django_capture_on_commit_callbacks)
    morning = reminder_mail("C'est aujourd'hui : ")
    assert sorted(m.to[0] for m in morning) == ["personne0@example.org", "personne1@example.org"]
    assert "C'est aujourd'hui : nous vous attendons" in morning[0].body
    assert len(mail.outbox) == 4
    reminders = Reminder.objects.all()
    assert sorted((r.registration_id, r.kind) for r in reminders) == sorted(
        [(first.pk, TWO_DAYS), (second.pk, TWO_DAYS), (first.pk, MORNING), (second.pk, MORNING)]
    )
    assert all(r.sent_at is not None for r in reminders)
    assert not Reminder.objects.filter(registration=waiting).exists()


def test_no_link_for_an_event_held_on_site(home_page, day, django_capture_on_commit_callbacks):
    session = make_session(home_page, day)
    register(session, **person(1))
    run_command(at(day, 7), django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "Lien de la réunion en ligne" not in message.body
    assert "Où : Maison des associations, rue Godefroid 20, 5000 Namur\n" in message.body


def test_a_two_day_reminder_is_not_sent_once_the_morning_has_come(
    home_page, day, django_capture_on_commit_callbacks
):
    """The command did not run for two days: only the morning reminder leaves."""
    session = make_session(home_page, day)
    register(session, **person(1))
    run_command(at(day, 7, 30), django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == [f"C'est aujourd'hui : {TITLE}"]
    assert not Reminder.objects.filter(kind=TWO_DAYS).exists()


def test_late_but_before_the_morning_the_two_day_reminder_still_leaves(
    home_page, day, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day)
    register(session, **person(1))
    run_command(at(day - timedelta(days=1), 20), django_capture_on_commit_callbacks)
    assert [m.subject[:9] for m in mail.outbox] == ["Rappel : "]


def test_no_reminder_for_a_registration_made_after_it_was_due(
    home_page, day, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day)
    late = register(session, **person(1))
    Registration.objects.filter(pk=late.pk).update(created_at=at(day - timedelta(days=1), 10))
    run_command(at(day - timedelta(days=1), 12), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    run_command(at(day, 7), django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == [f"C'est aujourd'hui : {TITLE}"]


def test_none_after_the_registration_is_cancelled(
    home_page, day, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day, capacity=5)
    kept, leaving = register(session, **person(1)), register(session, **person(2))
    cancel(leaving)
    run_command(at(day, 7), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[kept.email]]
    assert not Reminder.objects.filter(registration=leaving).exists()


@pytest.fixture
def queue(settings):
    """The production task queue (django_tasks_db): the sending waits for the worker."""
    settings.TASKS = DATABASE_TASKS


def test_none_when_the_registration_is_cancelled_after_planning(
    home_page, day, queue, monkeypatch, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day)
    registration = register(session, **person(1))
    run_command(at(day, 7), django_capture_on_commit_callbacks)
    queued = [t for t in waiting_tasks() if t.task_path == send_reminder.module_path]
    assert len(queued) == 1 and mail.outbox == []
    cancel(registration)
    run_queued_tasks(monkeypatch)
    assert mail.outbox == []
    assert Reminder.objects.get().sent_at is None


def test_none_when_the_session_is_cancelled(
    home_page, day, queue, monkeypatch, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day)
    register(session, **person(1))
    run_command(at(day - timedelta(days=2), 15), django_capture_on_commit_callbacks)
    session.cancelled = True
    session.save()
    run_queued_tasks(monkeypatch)
    # Nor is anything planned afterwards for the cancelled session.
    run_command(at(day, 7), django_capture_on_commit_callbacks)
    run_queued_tasks(monkeypatch)
    assert mail.outbox == []
    assert list(Reminder.objects.values_list("kind", "sent_at")) == [(TWO_DAYS, None)]


def test_none_when_the_event_is_withdrawn_from_the_site(
    home_page, day, queue, monkeypatch, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day)
    register(session, **person(1))
    run_command(at(day - timedelta(days=2), 15), django_capture_on_commit_callbacks)
    session.event.unpublish()
    run_queued_tasks(monkeypatch)
    run_command(at(day, 7), django_capture_on_commit_callbacks)
    run_queued_tasks(monkeypatch)
    assert mail.outbox == []
    assert list(Reminder.objects.values_list("kind", "sent_at")) == [(TWO_DAYS, None)]


def test_a_moved_session_gets_a_reminder_for_its_new_time_only(
    home_page, day, queue, monkeypatch, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day)
    registration = register(session, **person(1))
    run_command(at(day - timedelta(days=2), 14, 30), django_capture_on_commit_callbacks)
    planned = Reminder.objects.get()
    assert planned.fingerprint == fingerprint(session)

    # Moved to 16:00 before the reminder left: it does not leave (it would tell 14:00).
    session.start_time, session.end_time = time(16), time(18)
    session.save()
    run_queued_tasks(monkeypatch)
    assert mail.outbox == []

    # The new time's own window: a new reminder, sent, telling the new time.
    run_command(at(day - timedelta(days=2), 16), django_capture_on_commit_callbacks)
    run_queued_tasks(monkeypatch)
    (message,) = mail.outbox
    assert "16 h – 18 h" in message.body and "14 h" not in message.body
    reminders = Reminder.objects.filter(registration=registration).order_by("pk")
    assert [(r.fingerprint == fingerprint(session), r.sent_at is not None) for r in reminders] == [
        (False, False),
        (True, True),
    ]


def test_planning_twice_plans_once(home_page, day):
    session = make_session(home_page, day)
    register(session, **person(1))
    moment = at(day, 7)
    assert len(plan_reminders(moment)) == 1
    assert plan_reminders(moment) == []
    assert Reminder.objects.count() == 1


def test_a_reminder_of_another_kind_or_time_does_not_stand_for_this_one(home_page, day):
    session = make_session(home_page, day)
    registration = register(session, **person(1))
    Reminder.objects.create(registration=registration, kind=TWO_DAYS, fingerprint="ancienne")
    Reminder.objects.create(
        registration=registration, kind=MORNING, fingerprint=fingerprint(session)
    )
    (planned,) = plan_reminders(at(day - timedelta(days=2), 14))
    assert (planned.kind, planned.fingerprint) == (TWO_DAYS, fingerprint(session))


def test_the_command_lets_offers_that_ran_out_lapse_to_the_next_person(
    home_page, settings, django_capture_on_commit_callbacks
):
    settings.AGENDA_OFFER_HOLD_HOURS = 12
    start = timezone.now() + timedelta(hours=30)
    session = make_session(
        home_page, start.astimezone(BRUSSELS).date(), start=time(start.astimezone(BRUSSELS).hour)
    )
    session.capacity = 1
    session.save()
    holder, first, second = (register(session, **person(n)) for n in range(3))
    cancel(holder)
    first.refresh_from_db()
    assert first.status == RegistrationStatus.OFFERED
    Registration.objects.filter(pk=first.pk).update(offer_expires=timezone.now())
    out = run_command(timezone.now(), django_capture_on_commit_callbacks)
    assert "1 offre(s) expirée(s)" in out
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RegistrationStatus.LAPSED, RegistrationStatus.OFFERED)
    assert [m.to for m in mail.outbox if m.subject.startswith("Une place vous est proposée")] == [
        [second.email]
    ]
    # Nothing more lapses on the next run.
    assert "0 offre(s) expirée(s)" in run_command(
        timezone.now(), django_capture_on_commit_callbacks
    )


def test_the_confirmation_carries_the_session_calendar_and_the_meeting_link(
    home_page, day, django_capture_on_commit_callbacks
):
    session = make_session(home_page, day, capacity=1, online=True)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = register(session, **person(1))
        register(session, **person(2))
    confirmation, waiting = mail.outbox
    assert confirmation.subject.startswith("Inscription confirmée")
    ((name, content, mimetype),) = [tuple(a) for a in confirmation.attachments]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VCALENDAR" in text
    assert MEETING in confirmation.body
    # The waiting list gets neither the calendar nor the link: no place yet.
    assert waiting.attachments == [] and MEETING not in waiting.body

    # A place freed: the person promoted gets the calendar too.
    with django_capture_on_commit_callbacks(execute=True):
        cancel(confirmed)
    promoted = mail.outbox[-1]
    assert promoted.subject.startswith("Une place s'est libérée")
    assert [a[0].endswith(".ics") for a in promoted.attachments] == [True]
