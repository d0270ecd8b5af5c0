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

SUBJECTS = {
    "confirmed": "Inscription confirmée : {event}",
    "waiting": "Liste d'attente : {event}",
    "promoted": "Une place s'est libérée : votre inscription est confirmée ({event})",
    "offered": "Une place vous est proposée : {event}",
    "cancelled": "Inscription annulée : {event}",
}
# The status a message is about: a registration that has moved on since gets no stale message.
STATUS_OF = {
    "confirmed": RegistrationStatus.CONFIRMED,
    "waiting": RegistrationStatus.WAITING,
    "promoted": RegistrationStatus.CONFIRMED,
    "offered": RegistrationStatus.OFFERED,
    "cancelled": RegistrationStatus.CANCELLED,
}


def registration_link(registration):
    """The link to follow, change or cancel the registration (the agenda page's route)."""
    agenda = registration.session.event.get_parent().specific
    path = agenda.reverse_subpage("registration", args=[link_token(registration)])
    return f"{settings.WAGTAILADMIN_BASE_URL}{agenda.url}{path}"


def send_registration_email(registration_id, kind):
    """Send the message `kind` about a registration, if it is still what the message says."""
    registration = (
        Registration.objects.select_related("session__event").filter(pk=registration_id).first()
    )
    if registration is None or not registration.email:
        return
    if registration.status != STATUS_OF[kind]:
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
    EmailMessage(SUBJECTS[kind].format(event=event.title), body, to=[registration.email]).send()
