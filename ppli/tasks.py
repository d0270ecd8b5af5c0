"""Background tasks (django-tasks): e-mails never make a partner wait for the mail server.

While the mail server cannot be reached, each task is enqueued again later, a bounded number of
times (core/retry.py); `attempt` counts the tries and is left out when first enqueued.
"""

from django_tasks import task

from core.retry import run_or_retry

from . import emails


@task()
def send_signup_emails(submission, attempt=1):
    """Confirmation to the partner and a notification to the coordinators of its request."""
    return run_or_retry(send_signup_emails, emails.send_signup_emails, submission, attempt=attempt)


@task()
def send_decision_email(signup_id, attempt=1):
    """Tell the partner that a request was accepted or refused."""
    return run_or_retry(send_decision_email, emails.send_decision_email, signup_id, attempt=attempt)
