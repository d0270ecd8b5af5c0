"""Events in the site search: the type « Événements », upcoming events first (then the past
ones), and no event under « Pages du site »."""

import pytest

from testing.factories import EventPageFactory
from tests.agenda.test_pages import agenda, in_days  # noqa: F401

pytestmark = pytest.mark.django_db


def test_events_are_a_type_of_the_search_upcoming_first(client, agenda):  # noqa: F811
    EventPageFactory(
        parent=agenda, title="Hospitalité ancienne", sessions=[{"date": in_days(-400)}]
    )
    EventPageFactory(parent=agenda, title="Hospitalité tardive", sessions=[{"date": in_days(60)}])
    EventPageFactory(parent=agenda, title="Hospitalité prochaine", sessions=[{"date": in_days(6)}])
    html = client.get("/recherche/", {"q": "hospitalité"}).content.decode()
    assert '<option value="evenement">Événements</option>' in html
    html = client.get("/recherche/", {"q": "hospitalité", "type": "evenement"}).content.decode()
    found = [
        title
        for title in ("Hospitalité prochaine", "Hospitalité tardive", "Hospitalité ancienne")
        if title in html
    ]
    assert len(found) == 3
    positions = [html.index(title) for title in found]
    assert positions == sorted(positions), "upcoming first, by their next date, then the past"
    pages_only = client.get("/recherche/", {"q": "hospitalité", "type": "page"}).content.decode()
    assert "Hospitalité prochaine" not in pages_only
