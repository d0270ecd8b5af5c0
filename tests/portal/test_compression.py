"""HTML leaves compressed where no nginx compresses it (GZipMiddleware, docs/performance.md)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"


@pytest.mark.parametrize("cache_seconds", [0, 600])
def test_the_plan_page_goes_out_compressed(client, settings, cache_seconds):
    """Computed or served from the page cache, the plan overview is gzipped for a browser that
    accepts it, and says that the answer varies with Accept-Encoding."""
    settings.PAGE_CACHE_SECONDS = cache_seconds
    plain = client.get(PLAN)
    for _ in range(2):  # the second one comes from the page cache when it is on
        response = client.get(PLAN, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "Vue d'ensemble" in html or "<h1" in html
        assert len(response.content) * 5 < len(plain.content)
    assert "Content-Encoding" not in plain


def test_a_client_without_gzip_gets_plain_html(client):
    response = client.get(PLAN)
    assert "Content-Encoding" not in response
    assert b"<html" in response.content
