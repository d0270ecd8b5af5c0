"""Private sections stay private, through Wagtail's own view restrictions."""

import pytest
from wagtail.models import Page, PageViewRestriction

from home.models import ContentPage
from testing.queries import cold_get
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

SECTION = "/ppli/"
PRIVATE = "/ppli/historique/"


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


def test_a_restriction_on_a_section_hides_its_pages_from_public_querysets():
    page = page_at(PRIVATE)
    below = Page.objects.descendant_of(page, inclusive=True)
    assert below.public().count() == below.count() > 0
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert below.public().count() == 0
