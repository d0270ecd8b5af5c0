"""The staff's message to a session's participants (agenda/staff.py), one task per person,
sent from the task queue; again later while the mail server cannot be reached
(core/retry.py), like the registrations' own e-mails (agenda/tasks.py)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from core.retry import run_or_retry

from .emails import registration_link
from .models import Registration, RegistrationStatus

logger = logging.getLogger(__name__)

PARTICIPANT_MESSAGE_TEMPLATE = "agenda/admin/participant_message.txt"


def deliver_participant_message(registration_id, subject, message):
    """E-mail staff's `subject` and `message` to one registered person, with the session and
    the link to their registration under it; nothing if the registration has since been
    cancelled or lost its e-mail address (the message was for participants)."""
    registration = (
        Registration.objects.select_related("session__event").filter(pk=registration_id).first()
    )
    if registration is None or not registration.email:
        return
    if registration.status == RegistrationStatus.CANCELLED:
        logger.info("Registration %s is cancelled; staff message not sent.", registration_id)
        return
    context = {
        "registration": registration,
        "session": registration.session,
        "event": registration.session.event,
        "message": message,
        "link": registration_link(registration),
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(PARTICIPANT_MESSAGE_TEMPLATE, context)
    EmailMessage(subject, body, to=[registration.email]).send()


@task()
def send_participant_message(registration_id, subject, message, attempt=1):
    """Send staff's message about a session to one registered person."""
    return run_or_retry(
        send_participant_message,
        deliver_participant_message,
        registration_id,
        subject,
        message,
        attempt=attempt,
    )
