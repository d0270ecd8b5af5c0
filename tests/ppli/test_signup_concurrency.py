"""Twenty partners submitting at the same instant: every request is stored exactly once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from ppli.models import AxisPage, WorkingGroupSignup

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server: the in-memory SQLite test database is not shared "
    "between threads (runs in CI's PostgreSQL pass)",
)
def test_twenty_simultaneous_submissions(live_content, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (1000, 600)
    axes = [AxisPage.objects.get(number="3°").pk, AxisPage.objects.get(number="2°").pk]
    barrier = threading.Barrier(THREADS)
    statuses = [None] * THREADS

    def submit(n):
        try:
            data = {
                "axes": axes,
                "organisation_name": f"Organisation {n % 10}",
                "organisation_kind": "associatif",
                "contact_name": f"Personne {n}",
                "role": "Coordination",
                # Two threads share each address: they race for the same pending request.
                "email": f"partenaire{n % 10}@example.org",
                "commune": "Namur",
                "consent": "on",
            }
            client = Client()
            barrier.wait(timeout=30)
            statuses[n] = client.post("/ppli/groupes-de-travail/", data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302] * THREADS
    rows = list(WorkingGroupSignup.objects.values_list("email", flat=True))
    assert len(rows) == 10  # one pending request per address, none lost, none twice
    assert len(set(rows)) == 10
    assert all(signup.axes.count() == 2 for signup in WorkingGroupSignup.objects.all())
