"""Background tasks (django-tasks): e-mails never make a partner wait for the mail server."""

from django_tasks import task

from . import emails


@task()
def send_signup_emails(submission):
    """Confirmation to the partner and a notification to each group's coordinator."""
    emails.send_signup_emails(submission)


@task()
def send_decision_email(signup_id):
    """Tell the partner that a request was accepted or refused."""
    emails.send_decision_email(signup_id)
