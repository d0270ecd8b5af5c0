"""The consultation under concurrency (network/channels.py): sendings of one address confirmed
at the same instant count once per item, the last confirmed replacing the others; sendings of
many addresses all count. Needs a database server shared by the threads (PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from network import channels
from network import tasks as network_tasks
from network.channels import Confirmation
from network.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationParticipant,
    ConsultationSubmission,
)

THREADS = 20
VERDICTS = ["actuel", "nuancer", "depasse"]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database server: the in-memory SQLite test database is not shared "
        "between threads (runs in CI's PostgreSQL lanes)",
    ),
]


class Quiet:
    """Stands for the confirmation e-mail's task: the threads test the counting, not mail."""

    def enqueue(self, *args):
        pass


@pytest.fixture
def consultation(live_content, monkeypatch):
    """The initial content's consultation, open today."""
    monkeypatch.setattr(network_tasks, "send_confirmation_email", Quiet())
    consultation = Consultation.objects.get()
    today = timezone.localdate()
    consultation.opens_on = today - timedelta(days=1)
    consultation.closes_on = today + timedelta(days=10)
    consultation.save()
    return consultation


def run_together(targets):
    """Run `targets` in as many threads, released at once; their results and errors."""
    barrier = threading.Barrier(len(targets))
    results, errors = [], []

    def run(target):
        try:
            barrier.wait(timeout=30)
            results.append(target())
        except Exception as error:  # reported by the test, with the thread's error
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def submit_and_confirm(consultation, email, n):
    """Sending `n` of `email`: every item, its verdict by turn; confirmed at once."""
    items = list(consultation.items.all())
    answers = [(item, VERDICTS[n % len(VERDICTS)], f"Commentaire {n}") for item in items]
    submission = channels.submit_answers(consultation, email, answers)
    status, _ = channels.confirm(channels.confirmation_token(submission))
    return status


def test_one_address_sending_twenty_times_at_once_counts_once_per_item(consultation):
    results, errors = run_together(
        [
            lambda n=n: submit_and_confirm(consultation, "meme.adresse@example.org", n)
            for n in range(THREADS)
        ]
    )
    assert errors == []
    assert results == [Confirmation.CONFIRMED] * THREADS
    participant = ConsultationParticipant.objects.get()
    assert participant.email == "meme.adresse@example.org"
    items = consultation.items.count()
    assert items == 13
    answers = ConsultationAnswer.objects.filter(participant=participant)
    assert answers.count() == items
    per_item = answers.order_by().values("item").annotate(n=Count("pk")).values_list("n", flat=True)
    assert set(per_item) == {1}
    # One sending's answers, whole: the last confirmed, never a mix of several.
    assert answers.values("comment").distinct().count() == 1
    assert ConsultationSubmission.objects.filter(confirmed_at__isnull=True).count() == 0


def test_twenty_addresses_at_once_all_count(consultation):
    results, errors = run_together(
        [
            lambda n=n: submit_and_confirm(consultation, f"membre{n}@example.org", n)
            for n in range(THREADS)
        ]
    )
    assert errors == []
    assert results == [Confirmation.CONFIRMED] * THREADS
    assert ConsultationParticipant.objects.count() == THREADS
    per_item = ConsultationAnswer.objects.order_by().values("item").annotate(n=Count("pk"))
    assert [row["n"] for row in per_item] == [THREADS] * 13
