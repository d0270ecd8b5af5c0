"""Measuring the SQL queries of a page view from a cold start."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def cold_get(client, url):
    """GET `url` with every cache emptied, so the query count does not depend on test order."""
    cache.clear()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def specific_queries(response):
    """A search page's queries that depend on which page types its results hold: one per
    type (`.specific`), one more for all their thematics."""
    types = {type(result.page) for result in response.context["described_results"]}
    return len(types) + any(hasattr(model, "thematics") for model in types)


def assert_queries(client, url, expected):
    """The page answers 200 with exactly `expected` queries; returns the response."""
    response, count = cold_get(client, url)
    assert response.status_code == 200, url
    assert count == expected, f"{url}: {count} queries, expected {expected}"
    return response
