"""The registrations' e-mails, sent from the task queue (agenda/tasks.py), in French.

The e-mail is written when it leaves, from the registration as it is then: a message about a
place that has since been cancelled says nothing false, it is not sent. A confirmed place's
message carries the session's calendar file (`.ics`), and, for an event held online, the
meeting's link: the registered people's only, never shown on the site. The reminders
(agenda/reminders.py decides whether they still hold) say what, when, where and the link.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from . import calendar
from .follow import link_token, waiting_position
from .models import Registration, RegistrationStatus, ReminderKind
from .structured_data import address_lines

logger = logging.getLogger(__name__)

# Each message: the status it is about (a registration that has moved on since gets no stale
# message) and its subject.
MESSAGES = {
    "confirmed": (RegistrationStatus.CONFIRMED, "Inscription confirmée : {event}"),
    "waiting": (RegistrationStatus.WAITING, "Liste d'attente : {event}"),
    "promoted": (
        RegistrationStatus.CONFIRMED,
        "Une place s'est libérée : votre inscription est confirmée ({event})",
    ),
    "offered": (RegistrationStatus.OFFERED, "Une place vous est proposée : {event}"),
    "cancelled": (RegistrationStatus.CANCELLED, "Inscription annulée : {event}"),
}

# The messages about a confirmed place: they carry the session's calendar file.
WITH_CALENDAR = {"confirmed", "promoted"}

# Each reminder's subject ({day}: "mardi 3 mars").
REMINDER_SUBJECTS = {
    ReminderKind.TWO_DAYS: "Rappel : {event}, {day}",
    ReminderKind.MORNING: "C'est aujourd'hui : {event}",
}


def registration_link(registration):
    """The link to follow, change or cancel the registration: the agenda page's route, on the
    site's own address (Wagtail's full URL of the page)."""
    agenda = registration.session.event.get_parent().specific
    path = agenda.reverse_subpage("registration", args=[link_token(registration)])
    return agenda.get_full_url() + path


def send_registration_email(registration_id, kind):
    """Send the message `kind` about a registration, if it is still what the message says."""
    registration = (
        Registration.objects.select_related("session__event").filter(pk=registration_id).first()
    )
    if registration is None or not registration.email:
        return
    status, subject = MESSAGES[kind]
    if registration.status != status:
        logger.info("Registration %s is no longer %s; not e-mailed.", registration_id, kind)
        return
    event = registration.session.event
    context = {
        "registration": registration,
        "session": registration.session,
        "event": event,
        "kind": kind,
        "position": waiting_position(registration),
        "link": registration_link(registration),
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("agenda/emails/registration.txt", context)
    message = EmailMessage(subject.format(event=event.title), body, to=[registration.email])
    if kind in WITH_CALENDAR:
        attach_calendar(message, registration.session)
    message.send()


def attach_calendar(message, session):
    """Attach the session's `.ics` (agenda/calendar.py) to `message`.

    The confirmation matters more than its attachment: should the calendar file fail to be
    built, the message leaves without it and the error is logged for the team.
    """
    try:
        content = calendar.session_ics(session)
    except Exception:
        logger.exception("No calendar file for session %s; e-mail sent without it.", session.pk)
        return
    message.attach(f"{session.event.slug or 'session'}.ics", content, "text/calendar")


def place_lines(event):
    """Where the event is held, line by line: the directory's place (name, street, commune)
    or the typed address, then whether it is (also) online."""
    lines = address_lines(event)
    if event.online:
        lines.append("Aussi en ligne" if lines else "En ligne")
    return lines


def send_reminder_email(reminder):
    """E-mail the reminder (a Reminder whose registration and session are loaded) to the
    person; agenda/reminders.py has checked that it still holds."""
    registration = reminder.registration
    session = registration.session
    event = session.event
    context = {
        "registration": registration,
        "session": session,
        "event": event,
        "kind": reminder.kind,
        "place": place_lines(event),
        "link": registration_link(registration),
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("agenda/emails/reminder.txt", context)
        day = date_format(session.date, "l j F")
    subject = REMINDER_SUBJECTS[reminder.kind].format(event=event.title, day=day)
    EmailMessage(subject, body, to=[registration.email]).send()
