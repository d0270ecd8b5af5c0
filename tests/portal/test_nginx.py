"""nginx in front, for real: Debian's nginx with deploy/nginx.conf before gunicorn.

A throwaway site (initial content, production settings, Redis as production's shared cache)
is served by gunicorn behind nginx. Anonymous pages come from nginx's cache, a publication
purges the page and the pages that show it (Wagtail's frontend cache sends PURGE to the
cache-purge module's listener), editors always reach the app, and HTML leaves compressed.
The throughput through nginx is measured by scripts/benchmark (docs/performance.md).
"""

import gzip
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from testing.scripts import load_script_module

nginx_module = load_script_module("_nginx")
site_module = load_script_module("_site")

# Production's shared cache: the page cache of every gunicorn worker and of the process that
# publishes must agree. A database number of its own, emptied before and after.
REDIS_URL = "redis://127.0.0.1:6379/14"
# The first action of its axis: the thematic page names it in its summary of the plan.
ACTION = "/ppli/plan-2017-2020/logement/objectif-16/action-16-1/"
OBJECTIVE = "/ppli/plan-2017-2020/logement/objectif-16/"
THEMATIC = "/thematiques/logement/"
UNRELATED = "/ressources/outils-et-publications/"
NEW_TEXT = "Texte republié pendant le test de nginx"
PUBLISH = f"""
from ppli.models import ActionPage
action = ActionPage.objects.get(url_path__endswith="{ACTION}")
action.text = "{NEW_TEXT}"
action.save_revision().publish()
"""

BROWSER = "gzip, deflate, br"
# Visitors whose headers differ in what the app's answers vary by (Vary: Accept-Encoding,
# Accept-Language, Cookie): after a publication every one of them gets the new text.
VISITORS = [
    {"Accept-Encoding": BROWSER, "Accept-Language": "fr-BE,fr;q=0.9"},
    {"Accept-Encoding": "gzip", "Accept-Language": "nl-BE"},
    {"Cookie": "csrftoken=abc; cookie_consent=1"},
]

pytestmark = [pytest.mark.slow, pytest.mark.nginx]


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """nginx (deploy/nginx.conf) in front of a throwaway production site."""
    nginx_module.check_installed()
    cache = redis.Redis.from_url(REDIS_URL)
    cache.flushdb()
    purge_port = nginx_module.free_port()
    environment = {
        "REDIS_URL": REDIS_URL,
        "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{purge_port}",
    }
    try:
        with (
            site_module.throwaway_site(
                production=True, examples=False, environment=environment
            ) as site,
            nginx_module.running_nginx(
                tmp_path_factory.mktemp("nginx"),
                app_port=site.port,
                static_root=site.folder / "static",
                purge_port=purge_port,
            ) as nginx,
        ):
            yield site, nginx
    finally:
        cache.flushdb()


def visit(nginx, path, **kwargs):
    """One GET of `path` through nginx, which must answer 200: its cache status and HTML."""
    status, headers, body = nginx.get(path, **kwargs)
    assert status == 200, path
    if headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return headers[nginx_module.CACHE_HEADER], body.decode()


def cache_status(nginx, path, **kwargs):
    """nginx's cache status of one GET of `path`."""
    return visit(nginx, path, **kwargs)[0]


def test_anonymous_pages_come_from_nginx_cache(proxied):
    _, nginx = proxied
    for path in ("/", UNRELATED, "/contact/"):
        first = cache_status(nginx, path)
        assert first in {"MISS", "EXPIRED"}, path
        assert cache_status(nginx, path) == "HIT", path


def test_editors_always_reach_the_app(proxied):
    _, nginx = proxied
    cache_status(nginx, "/")
    assert cache_status(nginx, "/", headers={"Cookie": "sessionid=abc"}) == "BYPASS"


def test_pages_are_cached_compressed_and_unpacked_for_clients_without_gzip(proxied):
    _, nginx = proxied
    visit(nginx, THEMATIC)
    status, headers, body = nginx.get(THEMATIC, headers={"Accept-Encoding": BROWSER})
    assert status == 200 and headers[nginx_module.CACHE_HEADER] == "HIT"
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    html = gzip.decompress(body)
    assert b"<h1" in html and len(body) * 3 < len(html)
    # A client that accepts no compression gets the same page, unpacked by nginx.
    status, headers, plain = nginx.get(THEMATIC)
    assert headers[nginx_module.CACHE_HEADER] == "HIT" and "Content-Encoding" not in headers
    assert plain.startswith(b"<!DOCTYPE html>") and len(plain) == len(html)


def test_pages_nginx_does_not_keep_are_not_queued_behind_each_other(proxied):
    """A search is never kept; with proxy_cache_lock, nginx made concurrent identical
    requests wait for each other, polling every half second (8 req/s in the benchmark)."""
    _, nginx = proxied
    path = "/recherche/?q=logement"
    assert cache_status(nginx, path) == "MISS"
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: nginx.get(path)[0], range(8)))
    elapsed = time.monotonic() - start
    assert statuses == [200] * 8
    # Queued, the eighth would wait at least 7 × 0.5 s.
    assert elapsed < 2.5, f"8 recherches simultanées en {elapsed:.1f} s"


def test_static_files_are_served_by_nginx_for_a_year(proxied):
    site, nginx = proxied
    stylesheet = next((site.folder / "static").rglob("*.css"))
    path = "/static/" + stylesheet.relative_to(site.folder / "static").as_posix()
    status, headers, body = nginx.get(path)
    assert status == 200 and body == stylesheet.read_bytes()
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert nginx_module.CACHE_HEADER not in headers  # not proxied: read from the disk


def test_a_publication_purges_the_page_and_the_pages_that_show_it(proxied):
    site, nginx = proxied
    shown_on = (ACTION, OBJECTIVE, THEMATIC)
    for path in (*shown_on, UNRELATED):
        visit(nginx, path)
        for headers in VISITORS:
            status, html = visit(nginx, path, headers=headers)
            assert status == "HIT" and NEW_TEXT not in html, path

    site.shell(PUBLISH)

    for path in shown_on:
        status, html = visit(nginx, path)
        assert status == "MISS" and NEW_TEXT in html, path  # purged: fresh from the app…
        # …and cached again, one copy whatever the visitor's headers (a PURGE removes one).
        for headers in VISITORS:
            status, html = visit(nginx, path, headers=headers)
            assert status == "HIT" and NEW_TEXT in html, (path, headers)
    # A page that does not show the action keeps its cached copy.
    assert cache_status(nginx, UNRELATED) == "HIT"
