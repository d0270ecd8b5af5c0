"""Library and news indexes: rendering, query counts, placement."""

import pytest

from home.models import ContentPage
from resources.models import NewsIndexPage, ResourceIndexPage
from tests.conftest import page_at
from tests.utils import assert_queries

pytestmark = pytest.mark.django_db

LIBRARY_QUERIES = 26  # the initial resources, no cover (see test_library.py)
NEWS_QUERIES = 18


def test_library_index(client):
    assert isinstance(page_at("/ressources/outils-et-publications/"), ResourceIndexPage)
    assert_queries(client, "/ressources/outils-et-publications/", LIBRARY_QUERIES)


def test_news_index(client):
    assert isinstance(page_at("/ressources/actus-du-secteur/"), NewsIndexPage)
    assert_queries(client, "/ressources/actus-du-secteur/", NEWS_QUERIES)


def test_placement_rules():
    assert ResourceIndexPage.allowed_parent_page_models() == [ContentPage]
    assert NewsIndexPage.allowed_parent_page_models() == [ContentPage]
    ressources = page_at("/ressources/")
    assert not ResourceIndexPage.can_create_at(ressources)  # one library
    assert not NewsIndexPage.can_create_at(ressources)  # one news index
