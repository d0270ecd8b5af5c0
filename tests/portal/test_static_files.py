"""Production static files: hashed names, compressed copies, cached by browsers for a year."""

import json

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from tests.portal.test_settings import settings_probe

YEAR_OR_MORE = 365 * 24 * 3600


@pytest.fixture(scope="module")
def production_static_storage():
    return settings_probe(
        "portal.settings.production",
        'settings.STORAGES["staticfiles"]',
        SECRET_KEY="probe",
        ALLOWED_HOSTS="example.org",
    )


@pytest.fixture
def collected(tmp_path, settings, production_static_storage):
    """The static files collected with the production storage."""
    settings.STATIC_ROOT = str(tmp_path)
    settings.DEBUG = False
    settings.STORAGES = {**settings.STORAGES, "staticfiles": production_static_storage}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def served(url):
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    return middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))


def test_hashed_static_files_are_compressed_and_kept_for_a_year(collected):
    hashed = json.loads((collected / "staticfiles.json").read_text())["paths"]["css/main.css"]
    assert hashed != "css/main.css"
    assert (collected / f"{hashed}.gz").exists()

    response = served(f"/static/{hashed}")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= YEAR_OR_MORE


def test_unhashed_names_are_not_kept_for_long(collected):
    response = served("/static/css/main.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
