"""Background tasks (django-tasks): the registrations' e-mails and the reminders, again later
while the mail server cannot be reached (core/retry.py)."""

from django_tasks import task

from core.retry import run_or_retry

from . import emails, reminders


@task()
def send_registration_email(registration_id, kind, attempt=1):
    """E-mail a registration's news (`kind`: agenda/emails.py) to the person."""
    return run_or_retry(
        send_registration_email,
        emails.send_registration_email,
        registration_id,
        kind,
        attempt=attempt,
    )


@task()
def send_reminder(reminder_id, attempt=1):
    """E-mail a planned reminder (agenda/reminders.py), if it still holds when it leaves."""
    return run_or_retry(send_reminder, reminders.deliver, reminder_id, attempt=attempt)
