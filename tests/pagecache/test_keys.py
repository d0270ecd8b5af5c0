"""Cache keys: the host, the path, the parameters the page recognised, and the code version."""

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from pagecache import generation, params, version
from pagecache.middleware import key_covers_vary
from testing.factories import NewsPageFactory
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

LIBRARY = "/ressources/outils-et-publications/"
NEWS = "/ressources/actus-du-secteur/"
OVERVIEW = "/ppli/plan-2017-2020/"
PRIVACY = "/protection-des-donnees/"
THEMATIC = "lutte-contre-le-racisme"


def entries():
    """How many entries the test cache (LocMemCache) holds."""
    return len(caches["default"]._cache)


def visit(client, url):
    """The X-Page-Cache header of a visit, and how many queries it needed."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache"), len(queries)


@pytest.mark.slow  # a minute or more: out of the fast lane
def test_junk_query_strings_add_no_cache_entry(client):
    assert visit(client, PRIVACY)[0] == "MISS"
    assert visit(client, PRIVACY) == ("HIT", 0)
    stored = entries()
    for number in range(1000):
        response = client.get(f"{PRIVACY}?cachefill={number}")
        assert response.status_code == 200 and "X-Page-Cache" not in response
    assert entries() == stored


@pytest.mark.parametrize(
    "url",
    [
        f"{LIBRARY}?type=rapport",
        # A thematic some resource carries (the filter offers only those).
        f"{LIBRARY}?thematique=citoyennete&annee=2009",
        f"{LIBRARY}?page=2",
        # The library's form, submitted with its empty fields.
        f"{LIBRARY}?q=&type=rapport&thematique=&annee=&public=",
        f"{OVERVIEW}?thematique={THEMATIC}",
        # No state is known in the initial content: no "État" filter (test_overview_filters).
        f"{OVERVIEW}?partenaire=discri",
    ],
)
def test_a_recognised_filter_value_is_cached(client, url):
    assert visit(client, url)[0] == "MISS"
    assert visit(client, url) == ("HIT", 0)


def test_a_news_filter_value_is_cached_once_a_news_item_carries_it(client):
    # The thematic filter offers only the thematics of the news (none in the initial content).
    NewsPageFactory(parent=page_at(NEWS), thematics=[ThematicPage.objects.get(slug=THEMATIC)])
    url = f"{NEWS}?thematique={THEMATIC}"
    assert visit(client, url)[0] == "MISS"
    assert visit(client, url) == ("HIT", 0)


def test_the_order_of_the_parameters_does_not_matter(client):
    assert visit(client, f"{LIBRARY}?type=rapport&annee=2009")[0] == "MISS"
    assert visit(client, f"{LIBRARY}?annee=2009&type=rapport") == ("HIT", 0)


@pytest.mark.parametrize(
    "url",
    [
        f"{LIBRARY}?type=nimporte-quoi",  # not one of the choices
        f"{LIBRARY}?type=rapport&utm_source=lettre",  # one parameter the page ignores
        f"{LIBRARY}?type=rapport&type=rapport",  # repeated
        f"{LIBRARY}?q=racisme",  # free text: no end of values
        f"{LIBRARY}?q=%20",  # blank, but not empty
        f"{LIBRARY}?page=99",  # out of range
        f"{LIBRARY}?page=02",  # page 2, written as no link writes it
        f"{LIBRARY}?page=deux",
        f"{NEWS}?page=2",  # the news fit on one page
        f"{OVERVIEW}?axe=inconnu",
        f"{PRIVACY}?page=1",  # a page without pagination
    ],
)
def test_an_unrecognised_parameter_or_value_is_not_stored(client, url):
    # The page without parameters, and what it caches once for all (menu, footer, plan tree).
    visit(client, url.split("?")[0])
    stored = entries()
    for _ in range(2):
        state, queries = visit(client, url)
        assert state is None and queries > 0
    assert entries() == stored


def test_vary_is_kept_on_a_hit(client):
    first = client.get(PRIVACY)
    assert "Cookie" in first["Vary"]
    second = client.get(PRIVACY)
    assert second["X-Page-Cache"] == "HIT"
    assert second["Vary"] == first["Vary"]


def test_a_response_that_varies_on_what_the_key_ignores_is_left_to_proxies(settings):
    response = HttpResponse()
    response["Vary"] = "Accept-Language, Cookie"
    assert key_covers_vary(response)
    response["Vary"] = "Accept-Encoding, Cookie"
    assert not key_covers_vary(response)
    response["Vary"] = "*"
    assert not key_covers_vary(response)
    settings.LANGUAGES = [("fr-be", "Français"), ("nl-be", "Nederlands")]
    response["Vary"] = "Accept-Language"
    assert not key_covers_vary(response)


def test_a_new_code_version_misses(client, settings):
    settings.CODE_VERSION = "2025.06.1"
    assert visit(client, PRIVACY)[0] == "MISS"
    assert visit(client, PRIVACY) == ("HIT", 0)
    menu = generation.current()

    settings.CODE_VERSION = "2025.06.2"  # a deploy
    assert generation.current() != menu  # the menu, the footer, the template fragments
    assert visit(client, PRIVACY)[0] == "MISS"
    assert visit(client, PRIVACY) == ("HIT", 0)


def test_without_a_code_version_the_source_files_make_it(settings):
    settings.CODE_VERSION = ""
    assert version.current() == version.source_hash()
    base = version.base_dir()
    excluded = set(version.excluded_folders())
    files = {
        path.relative_to(base).as_posix()
        for root in version.source_roots()
        for path in version.source_files(root, excluded)
    }
    assert {
        "templates/base.html",
        "pagecache/middleware.py",
        "portal/settings/base.py",
        "home/templatetags/navigation_tags.py",
    } <= files
    assert not any(name.startswith(("tests/", ".venv/")) for name in files)
    assert not any("__pycache__" in name for name in files)


def test_the_source_hash_follows_the_files(tmp_path):
    template = tmp_path / "page.html"
    template.write_text("<p>avant</p>")
    before = version.hash_files([template], tmp_path)
    assert version.hash_files([template], tmp_path) == before
    template.write_text("<p>après</p>")
    assert version.hash_files([template], tmp_path) != before


def test_recognised_parameters_are_ignored_outside_a_request():
    params.recognise("page", "2")  # a test or a command rendering a listing: no error


def test_the_menu_is_cached_as_plain_data(client):
    client.get("/")
    host = "testserver"
    value = cache.get(f"pagecache:{generation.current()}:navigation:{host}")
    assert value["menu"] and value["footer"]
    assert_plain(value)


def assert_plain(value):
    """Only dicts, lists, strings (and flags): never a model instance or a queryset."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)
    else:
        assert type(value) in (str, bool, type(None)), repr(value)
