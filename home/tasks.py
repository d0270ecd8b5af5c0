"""Background tasks (django-tasks): a visitor never waits for the mail server.

While the mail server cannot be reached, the task is enqueued again later, a bounded number of
times (core/retry.py); `attempt` counts the tries and is left out when first enqueued.
"""

from django_tasks import task

from core.retry import run_or_retry

from . import emails


@task()
def send_contact_email(submission_id, attempt=1):
    """E-mail a stored contact message (its id only: the text stays in the database)."""
    return run_or_retry(
        send_contact_email, emails.send_contact_email, submission_id, attempt=attempt
    )


@task()
def send_password_reset_email(email, attempt=1):
    """E-mail the admin's password-reset link to the accounts of a typed address, if any
    (home.admin_forms.QueuedPasswordResetForm)."""
    return run_or_retry(
        send_password_reset_email, emails.send_password_reset_email, email, attempt=attempt
    )
