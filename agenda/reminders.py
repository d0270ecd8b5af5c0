"""Reminders of a session to the people confirmed: two days before, and on its morning.

`manage.py send_agenda_reminders` (every 5 minutes) plans them: a `Reminder` row per
registration, kind and session fingerprint, whose sending is queued once the planning commits
(agenda/tasks.py). The e-mail is decided when it leaves (`deliver`), from the registration and
the session as they are then: nothing for a registration cancelled, a session cancelled or
moved since (the fingerprint differs: a new reminder is planned for the new time, if its window
is still open), nor once the reminder's window has closed.

The windows, in Brussels time:

- two days before: from the session's time two days earlier (07:00 for a session without
  times) until the morning reminder is due (or the session begins, if earlier): a planning
  late by a day still reminds the person, but never once the morning reminder has taken over;
- the morning of the session: from 07:00 that day until the session begins (noon for a session
  without times). A session starting before 07:00 gets no morning reminder.

A reminder is not planned for a registration made after it was due: the person has just been
sent the confirmation, which says the same. Only registrations with an e-mail address get one.
"""

import hashlib
import logging
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import emails
from .models import (
    BRUSSELS,
    EventSession,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
)

logger = logging.getLogger(__name__)

# When the morning reminder leaves, Brussels time: before the working day, late enough not to
# wake anyone with a phone's notification.
MORNING = time(7)
# When a session without times (a whole day) is taken to have begun, for the reminders.
NOON = time(12)
# The two-day reminder is planned up to this many days before the session's date.
DAYS_AHEAD = 2


def fingerprint(session):
    """The session as far as a reminder is concerned: its id, start and cancellation."""
    facts = f"{session.pk}|{session.starts_at.isoformat()}|{int(session.cancelled)}"
    return hashlib.sha256(facts.encode()).hexdigest()


def on_day(day, moment):
    """An aware datetime: `day` at the wall-clock `moment`, Brussels time."""
    return datetime.combine(day, moment, tzinfo=BRUSSELS)


def begins(session):
    """When a reminder is of no use any more: the session's start, or noon for a whole day."""
    if session.start_time is None:
        return on_day(session.date, NOON)
    return session.starts_at


def window(session, kind):
    """(due, closes): the aware datetimes between which the reminder `kind` may leave."""
    morning = on_day(session.date, MORNING)
    if kind == ReminderKind.MORNING:
        return morning, begins(session)
    two_days_before = session.date - timedelta(days=DAYS_AHEAD)
    due = on_day(two_days_before, session.start_time or MORNING)
    return due, min(morning, begins(session))


def is_open(session, kind, now):
    """Whether the reminder `kind` of the session may leave at `now`."""
    due, closes = window(session, kind)
    return due <= now < closes


def sessions_to_remind(now):
    """The sessions whose reminders may be due: not cancelled, of a published event (one
    withdrawn from the site is not recalled to anyone), from today to DAYS_AHEAD days on
    (Brussels dates)."""
    today = now.astimezone(BRUSSELS).date()
    return EventSession.objects.filter(
        cancelled=False,
        event__live=True,
        date__range=(today, today + timedelta(days=DAYS_AHEAD)),
    ).order_by("date", "start_time", "pk")


def plan_reminders(now):
    """Plan the reminders due at `now` that are not planned yet; returns the new ones.

    Idempotent: a reminder exists once per registration, kind and fingerprint (a unique
    constraint; get_or_create takes the other one when two runs meet).
    """
    planned = []
    for session in sessions_to_remind(now):
        current = fingerprint(session)
        for kind in ReminderKind:
            if is_open(session, kind, now):
                planned += plan_for_session(session, kind, current, now)
    return planned


def plan_for_session(session, kind, current, now):
    """The new reminders `kind` of the session's confirmed registrations (with an e-mail
    address, made before the reminder was due)."""
    due, _ = window(session, kind)
    # Exists, not exclude(reminders__…): both conditions must hold for the same reminder.
    already = Reminder.objects.filter(registration=OuterRef("pk"), kind=kind, fingerprint=current)
    registrations = (
        Registration.objects.filter(
            session=session, status=RegistrationStatus.CONFIRMED, created_at__lt=due
        )
        .exclude(email="")
        .exclude(Exists(already))
    )
    planned = []
    for registration in registrations:
        with transaction.atomic():
            reminder, created = Reminder.objects.get_or_create(
                registration=registration,
                kind=kind,
                fingerprint=current,
                defaults={"planned_at": now},
            )
        if created:
            planned.append(reminder)
    return planned


def why_not_send(reminder, now):
    """Why the reminder must not leave at `now` (a short English reason), or None."""
    registration = reminder.registration
    session = registration.session
    if reminder.sent_at is not None:
        return "already sent"
    if registration.status != RegistrationStatus.CONFIRMED or not registration.email:
        return "registration no longer confirmed"
    if session.cancelled:
        return "session cancelled"
    if not session.event.live:
        return "event unpublished"
    if reminder.fingerprint != fingerprint(session):
        return "session changed since planned"
    # Sent early is harmless (the planning decides when); sent late is not: a two-day reminder
    # after the morning one, or any reminder once the session has begun.
    if now >= window(session, reminder.kind)[1]:
        return "window closed"
    return None


def deliver(reminder_id):
    """Send a planned reminder if it still holds (the task's work, agenda/tasks.py).

    The reminder is marked sent before the e-mail leaves, so that two workers never both send
    it; a failed sending clears the mark again, for the next attempt (core/retry.py). Returns
    "sent", or why not.
    """
    now = timezone.now()
    reminder = (
        Reminder.objects.select_related("registration__session__event")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return "purged"
    reason = why_not_send(reminder, now)
    if reason is not None:
        logger.info("Reminder %s not sent: %s.", reminder_id, reason)
        return reason
    claimed = Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=now)
    if not claimed:
        return "already sent"
    try:
        emails.send_reminder_email(reminder)
    except Exception:
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=None)
        raise
    return "sent"
