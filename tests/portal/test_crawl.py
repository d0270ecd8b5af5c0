"""A visitor following every link from the home page never meets unfinished content."""

import re
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest

from home.content_loader import PLACEHOLDER_MARK
from tests.conftest import DRAFT_URLS

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
# Not pages: the admin, files, feeds and machine-readable exports.
SKIPPED = ("/admin/", "/django-admin/", "/documents/", "/media/", "/static/", "/api/")
SKIPPED_ENDINGS = (".xml", ".json", ".geojson", ".csv", ".txt", ".ico")
LIMIT = 600
# What unfinished pages used to say (the booklet's own "étapes à venir" is real text).
PROMISES = [
    "sera publiée ici",
    "seront publiées ici",
    "Calendrier à venir",
    "Formulaire d'inscription à venir",
    "bientôt disponible",
]

# What a visitor must never read: that something is unknown or empty (DESIGN.md, "Unknown is
# silent"), or a count in broken French ("aucune des 1 action"). Compared case-insensitively.
SILENCES = [
    "non renseigné",
    "non renseignée",
    "non précisé",
    "aucune n'est encore publiée",
    "membre d'aucun",
    "des 1 ",
]


def internal_links(html):
    for href in HREF.findall(html):
        url, _ = urldefrag(unescape(href))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIPPED) or parts.path.endswith(SKIPPED_ENDINGS):
            continue
        yield url


def crawl(client):
    """{url: html} of every page reached from "/" through links (GET parameters included)."""
    seen, queue, pages = {"/"}, ["/"], {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code == 200, f"{url} : {response.status_code}"
        html = response.content.decode()
        pages[url] = html
        for link in internal_links(html):
            if link not in seen and len(seen) < LIMIT:
                seen.add(link)
                queue.append(link)
    assert len(seen) < LIMIT, "the crawl was cut short"
    return pages


@pytest.mark.slow  # a minute or more: out of the fast lane
def test_no_link_leads_to_unfinished_content(client):
    pages = crawl(client)
    # The whole public site: the plan, partners, audiences, thematics, library…
    assert len(pages) > 200
    breaches = {}  # every page that says something is unknown, reported at once
    for url, html in pages.items():
        text = unescape(html)
        assert PLACEHOLDER_MARK not in text, url
        assert "compléter" not in text.casefold(), url
        assert not [promise for promise in PROMISES if promise in text], url
        folded = text.casefold()
        said = [silence for silence in SILENCES if silence in folded]
        if said:
            breaches[url] = said
        for draft in DRAFT_URLS:
            assert f'href="{draft}"' not in html, f"{url} links the draft {draft}"
        # Every indexable page tells search engines what it is about.
        if 'name="robots" content="noindex"' not in html:
            assert re.search(r'<meta name="description" content="[^"]{20,}">', html), url
    assert not breaches, f"{len(breaches)} pages say something is unknown: {breaches}"
    # Objective 30's text is not in the source: it reads "Objectif 30" everywhere.
    objective_30 = next(url for url in pages if url.endswith("/objectif-30/"))
    assert "<title>Objectif 30 | C.A.I. Namur</title>" in pages[objective_30]


def test_drafts_are_never_in_the_sitemap_or_the_search(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/thematiques/logement/" in sitemap
    # Nothing to show yet (no news item, nothing tagged Volontariat): not offered either.
    assert "/ressources/actus-du-secteur/</loc>" not in sitemap
    assert "/thematiques/volontariat/</loc>" not in sitemap
    for draft in DRAFT_URLS:
        assert f"{draft}</loc>" not in sitemap, draft
    html = client.get("/recherche/", {"q": "Ukraine"}).content.decode()
    assert 'href="/ukraine/"' not in html
