"""The deployment files agree with the code: every variable documented, every command real."""

import configparser
import os
import re
import runpy
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
ENV_EXAMPLE = (DEPLOY / "env.example").read_text(encoding="utf-8")
PRODUCTION_DOC = (ROOT / "docs" / "production.md").read_text(encoding="utf-8")
# Read by the test settings only, never on a server.
TEST_ONLY = {"TEST_MEDIA_ROOT"}


def variables_read(*paths, pattern):
    """Environment variable names matched by `pattern` in the given files."""
    return {name for path in paths for name in re.findall(pattern, path.read_text())}


def settings_variables():
    """Every variable the settings read: env("X"…), env.int("X"…), and the search engine URLs."""
    files = sorted((ROOT / "portal" / "settings").glob("*.py"))
    names = variables_read(*files, pattern=r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"')
    names |= variables_read(*files, pattern=r'"([A-Z]+_URL)": "search\.backends\.')
    return names - TEST_ONLY


def operations_variables():
    """Variables read by gunicorn's configuration and the backup script."""
    return variables_read(
        DEPLOY / "gunicorn.conf.py",
        ROOT / "scripts" / "backup",
        pattern=r'(?:env_int\(|environ\.get\()\s*"([A-Z][A-Z0-9_]+)"',
    )


def test_the_scan_finds_the_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "ELASTICSEARCH_URL", "TASKS_BACKEND"} <= (
        settings_variables()
    )
    assert {"GUNICORN_WORKERS", "FORWARDED_ALLOW_IPS", "BACKUP_KEEP"} <= operations_variables()


@pytest.mark.parametrize("name", sorted(settings_variables() | operations_variables()))
def test_every_variable_is_in_the_env_example_and_the_production_guide(name):
    assert re.search(rf"^#?{name}=", ENV_EXAMPLE, re.MULTILINE), f"add {name} to deploy/env.example"
    assert f"`{name}`" in PRODUCTION_DOC, f"document {name} in docs/production.md"


def gunicorn_settings(monkeypatch, **variables):
    """deploy/gunicorn.conf.py evaluated under `variables`, validated by gunicorn itself."""
    for name in list(os.environ):
        if name.startswith("GUNICORN_") or name == "FORWARDED_ALLOW_IPS":
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    config = Config()
    for key, value in namespace.items():
        if key in config.settings:
            config.set(key, value)
    return config


def test_gunicorn_defaults(monkeypatch):
    config = gunicorn_settings(monkeypatch)
    assert config.bind == ["127.0.0.1:8000"]
    assert config.workers == 2 * len(os.sched_getaffinity(0)) + 1
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert config.accesslog == "-"
    assert config.wsgi_app == "portal.wsgi:application"
    assert Path(config.chdir) == ROOT
    # No recycling: workers recycled together stalled every request for seconds.
    assert (config.max_requests, config.max_requests_jitter) == (0, 0)


def test_gunicorn_recycling_when_asked_spreads_widely(monkeypatch):
    config = gunicorn_settings(monkeypatch, GUNICORN_MAX_REQUESTS="4000")
    assert (config.max_requests, config.max_requests_jitter) == (4000, 2000)


def test_gunicorn_workers_freeze_what_they_loaded(monkeypatch):
    """post_worker_init calls gc.freeze(): the loaded site leaves the collector's walks."""
    import gc

    config = gunicorn_settings(monkeypatch)
    try:
        before = gc.get_freeze_count()
        config.post_worker_init(worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_gunicorn_follows_the_environment(monkeypatch):
    config = gunicorn_settings(
        monkeypatch,
        GUNICORN_BIND="unix:/run/portail/gunicorn.sock",
        GUNICORN_WORKERS="3",
        GUNICORN_TIMEOUT="90",
        GUNICORN_ACCESS_LOG="",
        FORWARDED_ALLOW_IPS="10.0.0.5",
    )
    assert config.bind == ["unix:/run/portail/gunicorn.sock"]
    assert (config.workers, config.timeout) == (3, 90)
    assert config.accesslog is None
    assert config.forwarded_allow_ips == ["10.0.0.5"]


class MultiDict(dict):
    """Keeps every value of a repeated key (ExecStart=…): configparser joins them with "\n"."""

    def __setitem__(self, key, value):
        if key in self and isinstance(value, list) and isinstance(self[key], list):
            self[key].extend(value)
        else:
            super().__setitem__(key, value)


def read_unit(path):
    """A systemd unit as a ConfigParser; keys keep their case, values are not interpolated."""
    parser = configparser.ConfigParser(
        strict=False, interpolation=None, dict_type=MultiDict, delimiters=("=",)
    )
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


def exec_starts(unit):
    """The argument lists of a service's ExecStart= lines."""
    return [shlex.split(line) for line in unit["Service"]["ExecStart"].splitlines() if line]


SERVICES = sorted(UNITS.glob("*.service"))


def test_the_units_are_there():
    names = {path.name for path in UNITS.iterdir()}
    for base in ("publish-scheduled", "purge-signups", "backup"):
        assert {f"portail-{base}.service", f"portail-{base}.timer"} <= names
    assert {"portail-web.service", "portail-worker.service"} <= names


@pytest.mark.parametrize("path", sorted(UNITS.glob("*.timer")), ids=lambda p: p.name)
def test_every_timer_starts_its_service(path):
    assert (UNITS / path.name.replace(".timer", ".service")).is_file()
    assert read_unit(path)["Timer"]["OnCalendar"]


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.name)
def test_every_service_runs_a_real_command_with_the_production_configuration(path):
    unit = read_unit(path)
    assert unit["Service"]["EnvironmentFile"] == "/etc/portail/env"
    assert unit["Service"]["WorkingDirectory"] == "/srv/portail"
    commands = get_commands()
    for argv in exec_starts(unit):
        if "manage.py" in argv:
            assert argv[argv.index("manage.py") + 1] in commands
            assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in unit["Service"].get(
                "Environment", ""
            )
        else:
            script = next(arg for arg in argv[1:] if not arg.startswith("-"))
            assert (ROOT / script).is_file(), script


def test_the_redis_cache_client_is_installed():
    """REDIS_URL selects Django's RedisCache, which needs the redis package at first use."""
    from django.core.cache.backends.redis import RedisCacheClient

    RedisCacheClient(["redis://127.0.0.1:6379/1"])  # imports redis; connects only when used
