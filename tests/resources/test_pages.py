"""Library and news indexes: rendering, query counts, placement."""

import json

import pytest
from django.contrib.auth import get_user_model

from home.models import ContentPage
from resources.models import NewsIndexPage, ResourceIndexPage
from testing.queries import assert_queries
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

LIBRARY_QUERIES = 28  # the initial resources, no cover (see test_library.py)
NEWS_QUERIES = 25  # the empty news index (see test_news.py)


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


def test_editors_preview_a_new_resource_with_its_thematics_and_plan_links(client):
    library = page_at("/ressources/outils-et-publications/")
    objective = page_at("/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/")
    logement = page_at("/thematiques/logement/")
    editor = get_user_model().objects.create_superuser("redac", "redac@example.org", "x")
    client.force_login(editor)
    add = f"/admin/pages/add/resources/resourcepage/{library.pk}/"
    data = {
        "title": "Essai",
        "slug": "essai",
        "kind": "fiche",
        "thematics": [logement.pk],
        # The type-ahead's value: the chosen items as JSON (wagtail-autocomplete).
        "related_objectives": json.dumps([{"pk": objective.pk}]),
        "body-count": "0",
    }
    assert client.post(add + "preview/", data).json()["is_valid"]
    html = client.get(add + "preview/").content.decode()
    assert "<h1>Essai</h1>" in html
    assert 'href="/thematiques/logement/"' in html
    assert 'href="/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/"' in html
