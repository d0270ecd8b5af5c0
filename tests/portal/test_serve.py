"""What ./scripts/serve serves: static files without DEBUG, canonical links at its own address."""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from tests.portal.test_settings import clean_env

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_runserver_serves_static_files_with_debug_off(tmp_path):
    """The dev settings without DEBUG: runserver still serves the stylesheet (WhiteNoise)."""
    port = free_port()
    env = clean_env("portal.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/main.css") as r:
                    assert r.status == 200
                    assert "@font-face" in r.read().decode()
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"runserver n'a pas servi la feuille de style : {server.stderr}")
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)


@pytest.mark.django_db
def test_set_site_address_gives_canonical_links_the_served_address(client):
    call_command("set_site_address", "http://127.0.0.1:8000", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    html = client.get("/ppli/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/ppli/">' in html

    call_command("set_site_address", "https://www.cainamur.be", stdout=io.StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("www.cainamur.be", 443)


@pytest.mark.django_db
def test_set_site_address_defaults_to_wagtailadmin_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8151"
    call_command("set_site_address", stdout=io.StringIO())
    assert Site.objects.filter(is_default_site=True, hostname="127.0.0.1", port=8151).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["127.0.0.1:8000", "ftp://exemple.be", "http://x.be:port"])
def test_set_site_address_refuses_a_wrong_address(address):
    with pytest.raises(CommandError):
        call_command("set_site_address", address, stdout=io.StringIO())


def test_serve_sets_the_site_address_and_leaves_debug_off():
    script = (ROOT / "scripts" / "serve").read_text()
    assert 'manage.py set_site_address "$WAGTAILADMIN_BASE_URL"' in script
    assert "DEBUG=" not in script.replace("DEBUG=1 ./scripts/serve", "")
