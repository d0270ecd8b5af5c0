"""The site search answers every query with a page, never an error."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.typography import french_typography
from ppli.models import Organisation
from resources.models import ResourcePage
from taxonomies.models import Audience
from testing.factories import ActionPageFactory, ContentPageFactory, ThematicPageFactory
from testing.queries import cold_get, specific_queries
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

# Once the words were searched today (the day's first search records them: a few more),
# plus the queries that fetch the results' specific pages: one per page type shown. Cold, the
# synonyms and acronyms are read too (two queries; then kept in the cache, search/query.py).
# One of them reads which types of content exist, so that the type filter offers only those
# (search/forms.py, type_choices).
SEARCH_QUERIES = 19
FILTERED_SEARCH_QUERIES = 20
# Unfiltered searches also look for partners and audiences (search/sections.py): the two
# models' content types (one query, cold), then one search of each; the PPLI landing, for
# their URLs, when some are found.
SECTION_QUERIES = 3


def assert_search_queries(client, url, base):
    response, count = cold_get(client, url)
    assert response.status_code == 200
    assert count - specific_queries(response) == base, f"{count} queries"
    return response


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


def test_a_nul_character_is_dropped_not_reported(client):
    html = client.get("/recherche/", {"q": "ppli\x00"}).content.decode()
    assert "non reconnu" not in html
    assert "résultat" in html and french_typography("pour « ppli »") in html


def test_bad_page_numbers_fall_back(client):
    for page in ["abc", "-1", "99999"]:
        assert client.get("/recherche/", {"q": "ppli", "page": page}).status_code == 200


def test_search_query_count_does_not_grow_with_results(client):
    client.get("/recherche/?q=thématique")
    first = assert_search_queries(
        client, "/recherche/?q=thématique", SEARCH_QUERIES + SECTION_QUERIES
    )
    for _ in range(8):
        ThematicPageFactory(parent=page_at("/thematiques/"))
        ContentPageFactory(parent=page_at("/presentation/"), intro="Une thématique de plus.")
    more = assert_search_queries(
        client, "/recherche/?q=thématique", SEARCH_QUERIES + SECTION_QUERIES
    )
    assert more.context["results"].paginator.count > first.context["results"].paginator.count


def test_partners_found_cost_the_same_queries_however_many(client):
    url = "/recherche/?q=CPAS"
    client.get(url)
    response, count = cold_get(client, url)
    assert response.context["sections"]
    few = count - specific_queries(response)
    for number in range(5):
        Organisation.objects.create(name=f"CPAS de la commune {number}")
        Audience.objects.create(name=f"Usagers du CPAS {number}")
    response, count = cold_get(client, url)
    assert len(response.context["sections"][0].results) == 3  # a few, however many match
    assert count - specific_queries(response) == few


def test_results_show_kind_date_thematics_and_a_marked_excerpt(client):
    memo = ResourcePage.objects.get(title="Mémorandum élections communales 2018")
    memo.date = datetime.date(2018, 9, 1)
    memo.summary = "Nos zéphyrs & <b>communes</b> pour les élections de 2018."
    memo.thematics.set([ThematicPage.objects.get(slug="citoyennete")])
    memo.save_revision().publish()
    html = client.get("/recherche/", {"q": "memorandum"}).content.decode()
    results = html[html.index("search-results") :]
    item = results[results.rindex("<li", 0, results.index("Mémorandum élections")) :]
    item = item[: item.index("</li>")]
    assert '<time datetime="2018-09-01">1 septembre 2018</time>' in item
    assert "Citoyenneté" in item
    assert "<mark>élections</mark>" not in item  # "memorandum" was searched, not elections
    html = client.get("/recherche/", {"q": "élection"}).content.decode()
    assert "<mark>élections</mark>" in html
    html = client.get("/recherche/", {"q": "zephyr"}).content.decode()
    # The content is escaped; only the marks are HTML.
    assert "<mark>zéphyrs</mark> &amp; &lt;b&gt;communes&lt;/b&gt;" in html


def test_a_phrase_inside_a_pdf_is_quoted_in_the_excerpt(client):
    html = client.get("/recherche/", {"q": "relever vos manches"}).content.decode()
    assert "<mark>relever</mark> vos <mark>manches</mark>" in html


def test_editors_picks_come_first(client):
    query = Query.get("Logement")
    team = page_at("/ppli/historique/")
    SearchPromotion.objects.create(query=query, page=team, description="Qui contacter.")
    SearchPromotion.objects.create(
        query=query, external_link_url="https://www.example.org/", external_link_text="Portail"
    )
    html = client.get("/recherche/", {"q": "logement"}).content.decode()
    picks = html[html.index(french_typography("Sélection de l'équipe")) : html.index("résultat")]
    assert 'href="/ppli/historique/"' in picks and "Qui contacter." in picks
    assert 'href="https://www.example.org/">Portail</a>' in picks
    team.unpublish()
    html = client.get("/recherche/", {"q": "logement"}).content.decode()
    assert 'href="/ppli/historique/"' not in html


def test_queries_are_recorded_once_per_search(client):
    client.get("/recherche/", {"q": "Petite enfance"})
    client.get("/recherche/", {"q": "petite   enfance", "page": "2"})
    client.get("/recherche/", {"q": "petite enfance"})
    assert Query.objects.get(query_string="petite enfance").hits == 2
    client.get("/recherche/")
    assert Query.objects.count() == 1


def test_unknown_filters_are_ignored_with_a_notice(client):
    response = client.get("/recherche/", {"q": "ppli", "type": "nope", "thematique": "<x>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert french_typography("Filtre non reconnu, ignoré : Type de contenu, Thématique.") in html
    assert response.context["results"].paginator.count > 0


def test_pagination_keeps_the_filters(client):
    response = client.get("/recherche/", {"q": "action", "type": "ppli"})
    assert response.context["results"].has_next()
    assert 'href="?q=action&amp;type=ppli&amp;page=2"' in response.content.decode()


def test_autocomplete_suggests_titles_as_json(client):
    response = client.get("/recherche/suggestions/", {"q": "Répert"})
    assert response.status_code == 200
    titles = [result["title"] for result in response.json()["results"]]
    assert "Répertoire « petite enfance »" in titles
    assert all(result["url"].startswith("/") for result in response.json()["results"])
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("query", ["", "x" * 10_000, '"', "\x00", "😀", "<b>"])
def test_autocomplete_odd_input_gives_an_empty_or_valid_list(client, query):
    response = client.get("/recherche/suggestions/", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_filtered_search_query_count_is_flat(client):
    url = "/recherche/?q=racisme&type=ppli&thematique=lutte-contre-le-racisme"
    client.get(url)
    assert_search_queries(client, url, FILTERED_SEARCH_QUERIES)
    thematic = ThematicPage.objects.get(slug="lutte-contre-le-racisme")
    objective = page_at("/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/")
    for _ in range(6):
        action = ActionPageFactory(parent=objective, text="Agir contre le racisme.")
        action.thematics.set([thematic])
        action.save()
    assert_search_queries(client, url, FILTERED_SEARCH_QUERIES)


def test_the_publication_team_manages_editors_picks(client):
    user = get_user_model().objects.create_user("publication", password="x")
    user.groups.add(Group.objects.get(name="Publication"))
    client.force_login(user)
    assert client.get("/admin/searchpicks/").status_code == 200
    assert "/admin/searchpicks/" in client.get("/admin/").content.decode()  # in the menu
    writer = get_user_model().objects.create_user("redaction", password="x")
    writer.groups.add(Group.objects.get(name="Rédaction"))
    client.force_login(writer)
    assert client.get("/admin/searchpicks/").status_code in (302, 403)


@pytest.mark.parametrize("words", ["logement", "propriétaires", "groupe de travail", "plan"])
def test_every_kind_of_result_has_an_excerpt(client, words):
    response = client.get("/recherche/", {"q": words})
    results = response.context["described_results"]
    assert results
    for result in results:
        assert result.excerpt.strip(), f"{result.page.url} ({result.kind})"
    kinds = {result.kind for result in results}
    if words == "propriétaires":
        assert "action" in kinds  # actions used to come without one


def test_the_two_search_forms_are_distinct_landmarks(client):
    html = client.get("/recherche/", {"q": "ppli"}).content.decode()
    assert html.count('role="search"') == 2
    assert 'aria-label="Tout le site"' in html and 'aria-label="Recherche détaillée"' in html
