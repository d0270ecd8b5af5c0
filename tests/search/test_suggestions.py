"""« Vouliez-vous dire : … ? »: on PostgreSQL, a mistyped word of a search that finds little is
spelled as the site's titles spell it; on SQLite, nothing is suggested, at no cost."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from search.suggestions import FEW_RESULTS, spelling_suggestion
from testing.factories import ContentPageFactory
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

SEARCH = "/recherche/"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity (pg_trgm) is PostgreSQL's"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="what SQLite does without trigram similarity"
)


def suggestion_link(html):
    """(href, words) of « Vouliez-vous dire : … ? », or None."""
    match = re.search(r'Vouliez-vous dire\u00a0: <a href="([^"]*)">(.*?)</a>\u202f\?', html)
    return (unescape(match.group(1)), unescape(match.group(2))) if match else None


def live_pages():
    return Page.objects.live().public()


@pytest.fixture
def interpreting_page():
    """A page about interpreting (the initial content says it in an action's long title)."""
    return ContentPageFactory(
        parent=page_at("/actions-services/"),
        title="Interprétariat social et médical",
        slug="interpretariat",
    )


@postgresql_only
@pytest.mark.parametrize(
    "typed, expected",
    [
        ("logment", "logement"),
        ("Logment", "Logement"),
        ("discrimation", "discrimination"),
        ("discriminaton", "discrimination"),
        ("interprettariat", "interprétariat"),
        ("racsime", "racisme"),  # swapped letters
        ("migratoins", "migrations"),
        ("citoyeneté", "citoyenneté"),
        ("interpretariat socail", "interpretariat social"),
        ("aide au logment", "aide au logement"),
    ],
)
def test_a_mistyped_word_is_spelled_as_the_titles_spell_it(typed, expected, interpreting_page):
    assert spelling_suggestion(live_pages(), typed) == expected


@postgresql_only
@pytest.mark.parametrize(
    "typed",
    [
        "logement",  # spelled right
        "logements",  # another form of a word of the titles
        "LOGEMENT",
        "CPAS",  # an acronym
        "2018",
        "de la",  # stop words only
        "zorglub",  # close to nothing
        "",
    ],
)
def test_words_spelled_right_or_unknown_get_no_suggestion(typed):
    assert spelling_suggestion(live_pages(), typed) == ""


@postgresql_only
def test_a_suggestion_costs_one_query(django_assert_num_queries):
    pages = live_pages()  # reads the private sections
    with django_assert_num_queries(1):
        assert spelling_suggestion(pages, "logment discrimation") == ("logement discrimination")


@postgresql_only
def test_a_draft_or_private_title_is_never_suggested():
    ContentPageFactory(parent=page_at("/presentation/"), title="Zygomatique", live=False)
    assert spelling_suggestion(live_pages(), "zygomatiqe") == ""


@postgresql_only
def test_the_search_page_suggests_and_the_link_searches_again_with_the_filters(
    client, interpreting_page
):
    response = client.get(SEARCH, {"q": "interprettariat", "thematique": ""})
    assert response.context["results"].paginator.count < FEW_RESULTS
    href, words = suggestion_link(response.content.decode())
    assert words == "interprétariat"
    assert href == "?q=interpr%C3%A9tariat&thematique="
    again = client.get(SEARCH + href)
    assert again.context["results"].paginator.count > 0
    assert suggestion_link(again.content.decode()) is None


@postgresql_only
def test_a_filtered_search_suggests_within_its_filters(client):
    response = client.get(SEARCH, {"q": "logment", "type": "page", "page": "1"})
    href, words = suggestion_link(response.content.decode())
    assert words == "logement"
    assert href == "?q=logement&type=page"  # the page number is dropped


@postgresql_only
def test_a_search_with_enough_results_suggests_nothing(client):
    response = client.get(SEARCH, {"q": "logement"})
    assert response.context["results"].paginator.count >= FEW_RESULTS
    assert "Vouliez-vous dire" not in response.content.decode()


@sqlite_only
def test_sqlite_suggests_nothing_without_a_query(client, django_assert_num_queries):
    pages = live_pages()  # reads the private sections
    with django_assert_num_queries(0):
        assert spelling_suggestion(pages, "logment") == ""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {"q": "logment discrimation"})
    assert response.status_code == 200
    assert "Vouliez-vous dire" not in response.content.decode()
    assert not any("similarity" in query["sql"].lower() for query in queries)


@pytest.mark.parametrize("typed", ["logment", "x" * 200, "😀 intégration", "l'interprettariat"])
def test_the_search_page_never_errors_on_a_suggestion(client, typed):
    response = client.get(SEARCH, {"q": typed})
    assert response.status_code == 200
    link = suggestion_link(response.content.decode())
    if connection.vendor == "sqlite":
        assert link is None
