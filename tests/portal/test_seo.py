"""Meta description, Open Graph, canonical URL, favicon, sitemap and robots.txt."""

from xml.etree import ElementTree

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.conftest import page_at

pytestmark = pytest.mark.django_db


def test_meta_and_open_graph_come_from_page_fields(client):
    page = page_at("/ppli/")
    page.search_description = "Description pour les moteurs de recherche."
    page.social_image = Image.objects.create(title="Partage", file=get_test_image_file())
    page.save_revision().publish()

    html = client.get("/ppli/").content.decode()
    assert '<meta name="description" content="Description pour les moteurs de recherche.">' in html
    assert (
        '<meta property="og:title" content="Plan provincial et local d&#x27;intégration">' in html
    )
    assert '<meta property="og:url" content="http://localhost/ppli/">' in html
    assert '<link rel="canonical" href="http://localhost/ppli/">' in html
    assert 'property="og:image" content="http://testserver/' in html


def test_intro_is_the_fallback_description(client):
    html = client.get("/thematiques/").content.decode()
    assert '<meta name="description" content="Les thématiques sur lesquelles travaille' in html


def test_favicon_and_print_stylesheet(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert 'href="/static/css/print.css" media="print"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_sitemap_lists_the_public_pages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in tree.findall("s:url/s:loc", namespace)}
    assert "http://localhost/thematiques/asile/" in locations
    assert "http://localhost/ppli/historique/" in locations
    assert len(locations) >= 44


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_api_index_lists_endpoints(client):
    endpoints = client.get("/api/v2/").json()["endpoints"]
    # Images and documents are not listed: Wagtail's endpoints ignore the pages' privacy.
    assert set(endpoints) == {"pages"}
    for gone in ("images", "documents"):
        assert client.get(f"/api/v2/{gone}/").status_code == 404
    pages = client.get(endpoints["pages"].replace("http://testserver", "")).json()
    assert pages["meta"]["total_count"] >= 44
