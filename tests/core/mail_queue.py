"""Test helpers: a mail server the test brings down and back up, and the production task queue
(django_tasks_db) run by its own worker code."""

import smtplib
from datetime import timedelta

from django.core.mail.backends import locmem
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FLAKY_BACKEND = "tests.core.mail_queue.FlakyEmailBackend"


class MailServer:
    """What the flaky backend's server does: raise `error` (down) or take mail (up)."""

    error = None

    @classmethod
    def down(cls, error=None):
        """Every connection fails with `error` (the server dropped it, by default)."""
        cls.error = error or smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    @classmethod
    def up(cls):
        """Mail is taken again."""
        cls.error = None


class FlakyEmailBackend(locmem.EmailBackend):
    """Django's in-memory backend (mail.outbox) whose connections fail while MailServer is down,
    as the SMTP backend's do: when opened, and when sending."""

    def open(self):
        """Connect, or fail as SMTP does."""
        if MailServer.error:
            raise MailServer.error
        return super().open()

    def send_messages(self, messages):
        """Send, or fail as SMTP does."""
        if MailServer.error:
            raise MailServer.error
        return super().send_messages(messages)


def run_queued_tasks(monkeypatch):
    """Run every task that is due, as `manage.py db_worker --batch` does, with its Worker.

    The worker's housekeeping closes database connections that are not in autocommit: here,
    the test's own transaction, which it would end. Only that is turned off.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def waiting_tasks():
    """The tasks still to run, in the order the worker takes them."""
    return list(DBTaskResult.objects.filter(status="READY"))


def time_passes():
    """Make every waiting task due now, as if its delay had passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def delay_of(result):
    """Seconds between a task's enqueuing and the earliest time it runs, rounded."""
    return round((result.run_after - result.enqueued_at) / timedelta(seconds=1))
