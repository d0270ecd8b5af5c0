"""The registrations' e-mails, sent from the task queue (agenda/tasks.py), in French.

The e-mail is written when it leaves, from the registration as it is then: a message about a
place that has since been cancelled says nothing false, it is not sent.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .follow import link_token, waiting_position
from .models import Registration, RegistrationStatus

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
    EmailMessage(subject.format(event=event.title), body, to=[registration.email]).send()
