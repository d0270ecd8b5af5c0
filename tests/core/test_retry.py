"""E-mail tasks try again later while the mail server cannot be reached, a bounded number of
times (core/retry.py); the contact form and the sign-ups behave alike."""

import logging
import smtplib
from collections import Counter

import pytest
from django.core import mail
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core.retry import DEFAULT_DELAYS, max_attempts, run_or_retry
from ppli.models import AxisPage, WorkingGroupSignup
from ppli.tasks import send_decision_email
from tests.core.mail_queue import (
    DATABASE_TASKS,
    FLAKY_BACKEND,
    MailServer,
    delay_of,
    run_queued_tasks,
    time_passes,
    waiting_tasks,
)

pytestmark = pytest.mark.django_db

# What the next calls of `send_value` do: an exception to raise, or None to succeed.
OUTCOMES = []


def send_value(value):
    """Stand-in for a sending function: fails as OUTCOMES says, else returns what it sent."""
    outcome = OUTCOMES.pop(0) if OUTCOMES else None
    if outcome is not None:
        raise outcome
    return f"sent {value}"


@task()
def deliver(value, attempt=1):
    """A task sending through the helper, as the e-mail tasks do."""
    return run_or_retry(deliver, send_value, value, attempt=attempt)


@pytest.fixture(autouse=True)
def outcomes():
    """Each test says what the sending does; by default it works."""
    OUTCOMES.clear()
    yield OUTCOMES
    OUTCOMES.clear()


@pytest.fixture
def queue(settings):
    """The production task queue (django_tasks_db), with short delays."""
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_RETRY_DELAYS = [10, 20]


def test_smtp_errors_are_os_errors():
    """What the helper relies on to catch every failure of the mail server."""
    for error in (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, TimeoutError):
        assert issubclass(error, OSError)


def test_defaults_give_six_attempts_over_eight_hours_and_more(settings):
    del settings.EMAIL_RETRY_DELAYS
    assert max_attempts() == 6
    assert sum(DEFAULT_DELAYS) == 8 * 3600 + 36 * 60


def test_success_returns_the_result_and_queues_nothing(queue):
    assert deliver.call("a") == "sent a"
    assert not DBTaskResult.objects.exists()


def test_a_mail_error_queues_the_same_task_later(queue, outcomes, caplog):
    outcomes.append(smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    with caplog.at_level(logging.WARNING, logger="core.retry"):
        result = deliver.call("a")
    [retry] = waiting_tasks()
    assert retry.task_path == "tests.core.test_retry.deliver"
    assert retry.args_kwargs == {"args": ["a"], "kwargs": {"attempt": 2}}
    assert delay_of(retry) == 10
    assert result["retry"]["attempt"] == 2
    assert result["retry"]["task"] == str(retry.pk)
    assert "tests.core.test_retry.deliver('a'): attempt 1 of 3 failed" in caplog.text
    assert "next attempt in 10 s" in caplog.text


def test_each_attempt_waits_longer(queue, outcomes):
    outcomes.append(ConnectionRefusedError(111, "Connection refused"))
    deliver.call("a", attempt=2)
    [retry] = waiting_tasks()
    assert retry.args_kwargs["kwargs"] == {"attempt": 3}
    assert delay_of(retry) == 20


def test_the_last_attempt_gives_up(queue, outcomes, caplog):
    outcomes.append(smtplib.SMTPServerDisconnected("down"))
    with caplog.at_level(logging.ERROR, logger="core.retry"), pytest.raises(OSError):
        deliver.call("a", attempt=3)
    assert not DBTaskResult.objects.exists()
    assert "attempt 3 of 3 failed" in caplog.text and "giving up" in caplog.text


def test_the_worker_runs_the_attempts_until_one_works(queue, outcomes, monkeypatch):
    outcomes.extend([smtplib.SMTPServerDisconnected("down"), TimeoutError("timed out")])
    first = deliver.enqueue("a")
    run_queued_tasks(monkeypatch)
    time_passes()
    run_queued_tasks(monkeypatch)
    time_passes()
    run_queued_tasks(monkeypatch)
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == ["SUCCESSFUL"] * 3
    assert results.last().return_value == "sent a"
    assert str(results.first().pk) == first.id


def test_other_errors_are_not_retried(queue, outcomes):
    """A fault of the code or the data: trying again would not mend it."""
    outcomes.append(ValueError("bad data"))
    with pytest.raises(ValueError):
        deliver.call("a")
    assert not DBTaskResult.objects.exists()


def test_a_backend_that_cannot_wait_tries_once(outcomes, caplog):
    """The immediate backend (development, tests) runs a task at once and cannot defer it."""
    outcomes.append(smtplib.SMTPServerDisconnected("down"))
    with caplog.at_level(logging.ERROR, logger="core.retry"), pytest.raises(OSError):
        deliver.call("a")
    assert not DBTaskResult.objects.exists()
    assert "cannot try again later" in caplog.text


# --- The sign-up e-mails behave as the contact form's ----------------------------------------

INDEX = "/ppli/groupes-de-travail/"


@pytest.fixture
def server(settings):
    """The mail server, up; the test brings it down with server.down()."""
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    MailServer.up()
    yield MailServer
    MailServer.up()


def signup_data():
    """A valid request to join the network, on two axes."""
    axes = {a.number: a for a in AxisPage.objects.all()}
    return {
        "axes": [axes["3°"].pk, axes["2°"].pk],
        "organisation_name": "Maison médicale du Centre",
        "organisation_kind": "associatif",
        "contact_name": "Awa Diallo",
        "role": "Coordinatrice",
        "email": "awa@example.org",
        "commune": "Namur",
        "consent": "on",
        "site_web": "",
    }


def test_signup_emails_are_sent_once_when_the_server_is_back(
    client, queue, server, monkeypatch, django_capture_on_commit_callbacks
):
    server.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INDEX, signup_data())
    assert response.status_code == 302
    assert WorkingGroupSignup.objects.count() == 1
    run_queued_tasks(monkeypatch)
    [retry] = waiting_tasks()
    assert retry.task_path == "ppli.tasks.send_signup_emails"
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert mail.outbox == []

    server.up()
    time_passes()
    run_queued_tasks(monkeypatch)
    assert waiting_tasks() == []
    sent = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    assert len(sent) >= 2  # the partner's confirmation and the coordinators' notifications
    assert set(sent.values()) == {1}  # each once
    assert any(to == ("awa@example.org",) for to, _ in sent)


def test_decision_email_is_retried(
    client, queue, server, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(INDEX, signup_data())
    DBTaskResult.objects.all().delete()
    signup = WorkingGroupSignup.objects.first()
    server.down(ConnectionRefusedError(111, "Connection refused"))
    send_decision_email.enqueue(signup.pk)
    run_queued_tasks(monkeypatch)
    [retry] = waiting_tasks()
    assert retry.args_kwargs == {"args": [signup.pk], "kwargs": {"attempt": 2}}
    server.up()
    time_passes()
    run_queued_tasks(monkeypatch)
    assert [message.to for message in mail.outbox] == [["awa@example.org"]]
