"""Background tasks (django-tasks): the network's e-mails, tried again later while the mail
server cannot be reached (core/retry.py)."""

from django_tasks import task

from core.retry import run_or_retry

from . import emails


@task()
def send_channel_email(kind, record_kind, record_id, attempt=1):
    """E-mail the news `kind` (network/emails.py) about a finding or a request."""
    return run_or_retry(
        send_channel_email,
        emails.send_channel_email,
        kind,
        record_kind,
        record_id,
        attempt=attempt,
    )


@task()
def send_confirmation_email(submission_id, attempt=1):
    """E-mail a consultation sending's confirmation link."""
    return run_or_retry(
        send_confirmation_email, emails.send_confirmation_email, submission_id, attempt=attempt
    )


@task()
def send_follow_up_email(link_id, attempt=1):
    """E-mail a follow-up link."""
    return run_or_retry(send_follow_up_email, emails.send_follow_up_email, link_id, attempt=attempt)


@task()
def send_member_request(request_id, signup_id, sender_id, attempt=1):
    """Ask a network member (an accepted sign-up's contact) for their expertise on a request."""
    return run_or_retry(
        send_member_request,
        emails.send_member_request,
        request_id,
        signup_id,
        sender_id,
        attempt=attempt,
    )
