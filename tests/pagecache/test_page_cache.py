"""Anonymous pages come from the cache, and stop coming from it as soon as content changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import ContactSettings
from ppli.models import ActionPage
from testing.factories import ContentPageFactory
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

ACTION = "/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/action-27/"
OVERVIEW = "/ppli/plan-2017-2020/"
THEMATIC = "/thematiques/lutte-contre-le-racisme/"


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, len(queries)


@pytest.mark.parametrize("url", ["/", THEMATIC, OVERVIEW, ACTION, "/ressources/actus-du-secteur/"])
def test_a_cached_anonymous_page_needs_no_database_query(client, url):
    first, first_queries = get(client, url)
    assert first["X-Page-Cache"] == "MISS" and first_queries > 0
    second, queries = get(client, url)
    assert queries == 0
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_anonymous_pages_tell_proxies_and_browsers_how_long_to_keep_them(client, settings):
    response, _ = get(client, THEMATIC)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=600"} <= directives
    assert get(client, THEMATIC)[0]["Cache-Control"] == response["Cache-Control"]


def test_a_published_action_change_shows_on_its_thematic_page_and_the_overview(client):
    for url in (THEMATIC, OVERVIEW, ACTION):
        get(client, url)
        assert get(client, url)[0]["X-Page-Cache"] == "HIT"
    action = ActionPage.objects.get(url_path__endswith="/objectif-27/action-27/")
    action.text = "Points relais juridiques (nouveau texte)."
    action.save_revision().publish()
    for url in (THEMATIC, OVERVIEW, ACTION):
        response, _ = get(client, url)
        assert response["X-Page-Cache"] == "MISS", url
        assert "Points relais juridiques (nouveau texte)." in response.content.decode(), url


def test_an_unpublished_or_moved_page_leaves_the_menu(client):
    get(client, "/")
    page = page_at("/ppli/plan-local-integration/")
    page.unpublish()
    html = get(client, "/")[0].content.decode()
    assert 'href="/ppli/plan-local-integration/"' not in html
    history = page_at("/ppli/historique/")
    get(client, "/")
    history.move(page_at("/contact/"), pos="last-child")
    html = get(client, "/")[0].content.decode()
    assert 'href="/contact/historique/"' in html and 'href="/ppli/historique/"' not in html


def test_a_new_page_appears_in_listings(client):
    get(client, "/contact/")
    ContentPageFactory(parent=page_at("/contact/"), title="Une page toute neuve")
    assert "Une page toute neuve" in get(client, "/contact/")[0].content.decode()


def test_changed_site_settings_show_in_the_footer(client, site):
    get(client, "/")
    contact = ContactSettings.for_site(site)
    contact.phone = "+32 81 00 00 00"
    contact.save()
    assert "+32 81 00 00 00" in get(client, "/")[0].content.decode()


@pytest.mark.parametrize("url", ["/contact/general/", "/ppli/groupes-de-travail/"])
def test_pages_with_a_form_are_never_cached(client, url):
    first, _ = get(client, url)
    second, queries = get(client, url)
    assert "X-Page-Cache" not in second and queries > 0
    assert "private" in second["Cache-Control"]
    # A form page carries a fresh CSRF token for each visitor.
    assert first.cookies or second.cookies


def test_logged_in_editors_never_get_or_fill_the_cache(client, admin_user):
    get(client, THEMATIC)  # an anonymous visit fills the cache
    client.force_login(admin_user)
    response, queries = get(client, THEMATIC)
    assert "X-Page-Cache" not in response and queries > 0
    assert "private" in response["Cache-Control"]
    assert b"wagtail-userbar" in response.content or b"userbar" in response.content
    client.logout()
    anonymous, _ = get(client, THEMATIC)
    assert b"userbar" not in anonymous.content


def test_previews_show_the_draft_not_the_cached_page(client, admin_user):
    get(client, THEMATIC)
    page = page_at(THEMATIC)
    page.title = "Brouillon non publié"
    revision = page.save_revision()
    client.force_login(admin_user)
    preview = client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "Brouillon non publié" in preview.content.decode()
    assert "X-Page-Cache" not in preview
    client.logout()
    assert "Brouillon non publié" not in get(client, THEMATIC)[0].content.decode()


@pytest.mark.parametrize("url", ["/recherche/?q=ppli", "/recherche/suggestions/?q=ppli"])
def test_search_is_never_cached(client, url):
    get(client, url)
    response, queries = get(client, url)
    assert "X-Page-Cache" not in response and queries > 0


def test_errors_are_not_cached(client):
    client.get("/page-inexistante/")
    response = client.get("/page-inexistante/")
    assert response.status_code == 404 and "X-Page-Cache" not in response


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, THEMATIC)
    response, queries = get(client, THEMATIC)
    assert "X-Page-Cache" not in response and queries > 0
