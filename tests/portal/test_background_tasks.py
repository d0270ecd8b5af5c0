"""Background tasks: immediate in dev and tests, queued in the database in production."""

import contextlib
import io
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ppli.models import AxisPage, WorkingGroupSignup

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
IMMEDIATE_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"
PROBE = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.TASKS['default']['BACKEND'])"
)


def tasks_backend(settings_module, **variables):
    """The task backend a settings module picks from a clean environment plus `variables`."""
    env = {k: v for k, v in os.environ.items() if k not in {"TASKS_BACKEND", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY="probe-only",
        ALLOWED_HOSTS="www.cainamur.be",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("settings_module", "expected"),
    [
        ("portal.settings.dev", IMMEDIATE_BACKEND),
        ("portal.settings.test", IMMEDIATE_BACKEND),
        ("portal.settings.production", DATABASE_BACKEND),
    ],
)
def test_only_production_queues_tasks(settings_module, expected):
    assert tasks_backend(settings_module) == expected


def test_tasks_backend_variable_overrides_production():
    backend = tasks_backend("portal.settings.production", TASKS_BACKEND=IMMEDIATE_BACKEND)
    assert backend == IMMEDIATE_BACKEND


@contextlib.contextmanager
def worker_side_effects_undone():
    """db_worker installs signal handlers and logger levels for its process; restore ours."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        yield
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def run_worker_once(monkeypatch):
    """The production worker command, in batch mode: run every ready task, then return."""
    # A long-running worker drops stale connections between tasks; here that would close the
    # connection holding the test's transaction (PostgreSQL), and with it the stored task.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with worker_side_effects_undone():
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            verbosity=0,
            stdout=io.StringIO(),
        )


@pytest.mark.django_db
def test_signup_emails_wait_in_the_database_until_the_worker_sends_them(
    client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    cache.clear()  # the sign-up rate limit counts per address
    axis = AxisPage.objects.get(number="3°")
    data = {
        "axes": [axis.pk],
        "organisation_name": "Maison médicale du Centre",
        "organisation_kind": "associatif",
        "contact_name": "Awa Diallo",
        "role": "Coordinatrice",
        "email": "awa.diallo@example.org",
        "commune": "Namur",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ppli/groupes-de-travail/", data)
    assert response.status_code == 302

    # Stored, not sent: the request returned without talking to the mail server.
    stored = DBTaskResult.objects.get(task_path="ppli.tasks.send_signup_emails")
    submission = str(WorkingGroupSignup.objects.get(email="awa.diallo@example.org").submission)
    assert stored.status == TaskResultStatus.READY
    assert stored.args_kwargs == {"args": [submission], "kwargs": {}}
    assert mail.outbox == []

    run_worker_once(monkeypatch)

    stored.refresh_from_db()
    assert stored.status == TaskResultStatus.SUCCESSFUL
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "awa.diallo@example.org" in recipients
    assert len(mail.outbox) == 2  # the partner's confirmation and the coordinator's notice
