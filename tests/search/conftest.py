"""The search test suite runs on every engine the site supports that can run here.

``search_engine`` is the database backend (SQLite or PostgreSQL, whichever the run uses)
and an OpenSearch-compatible server started by the tests themselves (PyPI's osmem-server,
bound to 127.0.0.1), indexed from the initial content with ``update_index``.
"""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

OPENSEARCH_BACKEND = "search.backends.FrenchOpenSearch3Backend"


@pytest.fixture(scope="module", params=["database", "opensearch"])
def search_engine(request, django_db_setup, django_db_blocker):
    """The name of the engine the module's tests search with."""
    if request.param == "database":
        yield "database"
        return
    server = request.getfixturevalue("osmem_server")
    with server.clone() as clone:
        backends = {"default": {"BACKEND": OPENSEARCH_BACKEND, "URLS": [clone.url]}}
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            with django_db_blocker.unblock():
                call_command("update_index", stdout=io.StringIO())
            yield "opensearch"
