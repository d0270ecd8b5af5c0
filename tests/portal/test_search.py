"""The site search answers every query with a page, never an error."""

import pytest

from tests.conftest import page_at
from tests.factories import ContentPageFactory, ThematicPageFactory
from tests.utils import assert_queries

pytestmark = pytest.mark.django_db

SEARCH_QUERIES = 10


def test_search_finds_a_page(client):
    response = client.get("/recherche/", {"q": "Marlagne"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/ppli/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"


def test_empty_query_gets_an_invitation(client):
    html = client.get("/recherche/").content.decode()
    assert "Saisissez un ou plusieurs mots" in html


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        '"ppli',
        "ppli AND OR NOT (",
        "😀 intégration",
        "ppli\x00nul",
        "<script>alert('x')</script>",
        "%%%",
        "*",
    ],
)
def test_odd_queries_never_error_and_are_escaped(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html


def test_bad_page_numbers_fall_back(client):
    for page in ["abc", "-1", "99999"]:
        assert client.get("/recherche/", {"q": "ppli", "page": page}).status_code == 200


def test_search_query_count_does_not_grow_with_results(client):
    first = assert_queries(client, "/recherche/?q=thématique", SEARCH_QUERIES)
    for _ in range(8):
        ThematicPageFactory(parent=page_at("/thematiques/"))
        ContentPageFactory(parent=page_at("/presentation/"), intro="Une thématique de plus.")
    more = assert_queries(client, "/recherche/?q=thématique", SEARCH_QUERIES)
    assert more.context["results"].paginator.count > first.context["results"].paginator.count
