"""A real worker killed in the middle of sending a contact message: the task is put back in
the queue (manage.py requeue_stale_tasks) and the message leaves once, not twice, not never.

The worker is a process of its own (manage.py db_worker) that reads the test database: on
PostgreSQL only, where another process can share it (CI's PostgreSQL lanes run it).
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.forms.models import FormSubmission

from core.honeypot import HONEYPOT_FIELD
from tests.conftest import page_at
from tests.core.mail_queue import DATABASE_TASKS, run_queued_tasks

ROOT = Path(__file__).resolve().parents[2]
URL = "/contact/general/"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="needs a database server: the worker process shares the test database (runs "
        "in CI's PostgreSQL lanes)",
    ),
]


class SilentMailServer:
    """An SMTP server that accepts connections and never answers: the worker hangs in the
    middle of sending, as it would when killed there."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.connected = threading.Event()
        self.held = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)
            self.connected.set()

    def close(self):
        for held in self.held:
            held.close()
        self.listener.close()


def start_worker(mail_port):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_worker_killed_mid_task_leaves_nothing_behind(
    live_content, client, settings, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    settings.TASK_STALE_MINUTES = 0
    form_page = page_at(URL)
    names = {field.label: field.clean_name for field in form_page.get_form_fields()}
    client.post(
        URL,
        {
            names["Nom"]: "Awa Diallo",
            names["Adresse e-mail"]: "awa@example.org",
            names["Objet"]: "Inscription",
            names["Message"]: "Bonjour.",
            HONEYPOT_FIELD: "",
        },
    )
    submission = FormSubmission.objects.get()
    task = DBTaskResult.objects.get(task_path="home.tasks.send_contact_email")

    server = SilentMailServer()
    worker = start_worker(server.port)
    try:
        assert server.connected.wait(60), worker.stderr.read() if worker.poll() else "no mail"
        task.refresh_from_db()
        assert task.status == TaskResultStatus.RUNNING
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
        server.close()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING  # what a dead worker leaves

    call_command("requeue_stale_tasks", stdout=open(os.devnull, "w"))
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY

    run_queued_tasks(monkeypatch)  # a new worker, the mail server back
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1 and "Awa Diallo" in mail.outbox[0].body
    assert submission.email_sent.sent_at is not None
