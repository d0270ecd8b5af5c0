"""Settings follow the environment; production passes Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """{
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "search_urls": settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS", []),
    "email": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "secret": settings.SECRET_KEY,
    "hosts": settings.ALLOWED_HOSTS,
    "language": settings.LANGUAGE_CODE,
}"""
CONFIG_VARS = [
    "DATABASE_URL",
    "CACHE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "OPENSEARCH_URL",
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests, refused by check --deploy
    "ADMINS",
]


def clean_env(settings_module, **variables):
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.update(variables)
    return env


def settings_probe(settings_module, expression, **variables):
    """Evaluate `expression` on django.conf.settings in a fresh process with these variables."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(settings_module, **variables),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def probe(settings_module, **variables):
    """The settings that follow the environment, as a dict."""
    return settings_probe(settings_module, PROBE, **variables)


def test_dev_defaults_need_no_configuration():
    config = probe("portal.settings.dev")
    # Off by default: ./scripts/serve shows the site as visitors see it (French 404 page).
    assert config["debug"] is False
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_name"].endswith("db.sqlite3")
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    # Wagtail's database backend, with French queries (search/backends.py).
    assert config["search"] == "search.backends.FrenchDatabaseBackend"
    assert config["email"] == "django.core.mail.backends.console.EmailBackend"
    assert config["language"] == "fr-be"


def test_manage_py_defaults_to_dev_settings():
    env = clean_env("unused")
    del env["DJANGO_SETTINGS_MODULE"]
    result = subprocess.run(
        [sys.executable, "manage.py", "diffsettings", "--output", "unified"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "dev-only-insecure-key" in result.stdout
    assert "DEBUG = True" not in result.stdout


def test_developers_turn_debug_on_with_the_environment():
    assert probe("portal.settings.dev", DEBUG="1")["debug"] is True


def test_dev_static_files_are_served_by_whitenoise_without_debug():
    """runserver leaves static files to WhiteNoise, which reads them from the apps' folders."""
    apps, finders = settings_probe(
        "portal.settings.dev", "[settings.INSTALLED_APPS, settings.WHITENOISE_USE_FINDERS]"
    )
    assert apps.index("whitenoise.runserver_nostatic") < apps.index("django.contrib.staticfiles")
    assert finders is True


def test_environment_overrides_services():
    config = probe(
        "portal.settings.dev",
        DATABASE_URL="postgres://cai:secret@db.internal:5432/portail",
        REDIS_URL="redis://127.0.0.1:6379/1",
        ELASTICSEARCH_URL="http://search.internal:9200",
        EMAIL_URL="smtp://mailer:pw@smtp.internal:587/?tls=True",
        SECRET_KEY="from-the-environment",
        ALLOWED_HOSTS="www.cainamur.be,cainamur.be",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert (config["db_name"], config["db_host"]) == ("portail", "db.internal")
    assert config["cache"] == "django_redis.cache.RedisCache"
    assert config["cache_location"] == "redis://127.0.0.1:6379/1"
    assert config["search"] == "search.backends.FrenchElasticsearch9Backend"
    assert config["search_urls"] == ["http://search.internal:9200"]
    assert config["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["email_host"] == "smtp.internal"
    assert config["secret"] == "from-the-environment"
    assert config["hosts"] == ["www.cainamur.be", "cainamur.be"]


def test_opensearch_url_selects_the_opensearch_backend():
    config = probe("portal.settings.dev", OPENSEARCH_URL="http://127.0.0.1:9201")
    assert config["search"] == "search.backends.FrenchOpenSearch3Backend"


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(subprocess.CalledProcessError) as refused:
        probe("portal.settings.production", ALLOWED_HOSTS="example.org")
    assert "SECRET_KEY" in refused.value.stderr


@pytest.mark.parametrize("settings_module", ["portal.settings.production"])
def test_production_passes_check_deploy(settings_module):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(
            settings_module,
            SECRET_KEY="k7#Pq2!vXz9@Lm4$Rt8^Wn3&Yb6*Hc1(Jd5)Fg0-Se2+Ua7=Oi",
            ALLOWED_HOSTS="www.cainamur.be",
            DATABASE_URL="sqlite:////tmp/portail-cai-check.sqlite3",
        ),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_admins_come_from_the_environment():
    """Who is told of a server error: ADMINS="Nom <adresse>, adresse"; nobody by default."""
    assert settings_probe("portal.settings.dev", "settings.ADMINS") == []
    admins = settings_probe(
        "portal.settings.dev",
        "settings.ADMINS",
        ADMINS="Équipe web <web@cainamur.be>, support@example.org",
    )
    assert admins == [
        ["Équipe web", "web@cainamur.be"],
        ["support@example.org", "support@example.org"],
    ]
