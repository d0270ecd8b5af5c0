"""Private sections stay private while the restrictions table is read once per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home import restrictions
from home.models import ContentPage
from tests.conftest import page_at
from tests.utils import cold_get

pytestmark = pytest.mark.django_db

SECTION = "/ppli/"
PRIVATE = "/ppli/historique/"


def restriction_reads(queries):
    return [q for q in queries if 'FROM "wagtailcore_pageviewrestriction"' in q["sql"]]


SECRET_TEXT = "Texte réservé aux membres"


@pytest.fixture
def private_page():
    page = page_at(PRIVATE)
    page.intro = SECRET_TEXT
    page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return page


def test_an_open_site_reads_the_restrictions_once_per_page(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SECTION).status_code == 200
    assert len(restriction_reads(queries)) == 1


def test_a_private_page_asks_for_its_password(client, private_page):
    response = client.get(PRIVATE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="password"' in html
    assert SECRET_TEXT not in html
    PageViewRestriction.objects.filter(page=private_page).delete()
    assert SECRET_TEXT in client.get(PRIVATE).content.decode()


def test_a_private_page_is_left_out_of_menus_and_listings(client, private_page):
    response, _ = cold_get(client, SECTION)
    html = response.content.decode()
    assert f'href="{PRIVATE}"' not in html
    children = response.context["child_pages"]
    assert private_page.pk not in {page.pk for page in children}
    assert ContentPage.objects.live().public().filter(pk=private_page.pk).count() == 0


def test_a_restricted_site_still_reads_the_table_a_bounded_number_of_times(client, private_page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SECTION).status_code == 200
    # Once for every `.public()` of the request, once more in Wagtail's own serve-time check.
    assert len(restriction_reads(queries)) == 2


def test_a_restriction_added_during_a_request_is_seen_at_once():
    page = page_at(PRIVATE)
    token = restrictions.start_request()
    try:
        assert restrictions.view_restrictions() == []
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        assert [r.page_id for r in restrictions.view_restrictions()] == [page.pk]
        assert not ContentPage.objects.public().filter(pk=page.pk).exists()
    finally:
        restrictions.end_request(token)


def test_outside_a_request_every_call_reads_the_table():
    with CaptureQueriesContext(connection) as queries:
        restrictions.view_restrictions()
        restrictions.view_restrictions()
    assert len(restriction_reads(queries)) == 2
