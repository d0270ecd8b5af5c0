"""The cache is an accelerator, never a dependency: with Redis gone, the site still answers.

A real Redis server, started by the test on a free port (Debian's redis-server) and killed in
the middle of the test; never the machine's shared Redis.
"""

import logging
import re
import socket
import subprocess
import time

import pytest
import redis
from django.contrib.auth.models import Group
from django.test import Client

from ppli.models import AxisPage, WorkingGroupSignup
from tests.ppli.test_signup import INDEX, valid_data
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    """A throwaway Redis (no persistence) and its URL; killed at the end if still running."""
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    yield process, port
    process.kill()
    process.wait()


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def cache_log():
    """What the cache's logger lets through (after its once-a-minute filter)."""
    handler = Records()
    logger = logging.getLogger("portal.cache")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def sign_up(client):
    """The network sign-up as a browser sends it: the form's page first (its CSRF token)."""
    html = client.get(INDEX).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    axes = {a.number: a for a in AxisPage.objects.all()}
    thematics = {t.slug: t for t in ThematicPage.objects.all()}
    data = valid_data(axes, thematics, csrfmiddlewaretoken=token)
    return client.post(INDEX, data)


def test_with_redis_gone_the_site_answers_uncached(
    settings, redis_server, cache_log, django_user_model
):
    process, port = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.PAGE_CACHE_SECONDS = 60
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.get("/").status_code == 200
    assert redis.Redis(port=port).dbsize() > 0  # the pages went through the real Redis

    process.kill()
    process.wait()

    for url in ["/", "/ppli/", "/recherche/?q=logement", "/ppli/plan-2017-2020/"]:
        assert visitor.get(url).status_code == 200, url
    assert sign_up(visitor).status_code == 302
    assert WorkingGroupSignup.objects.filter(email="awa.diallo@example.org").exists()
    editor = django_user_model.objects.create_user("redac", "redac@example.org", "x")
    editor.groups.add(Group.objects.get(name="Rédaction"))
    staff = Client()
    staff.force_login(editor)
    assert staff.get("/admin/").status_code == 200
    # Dozens of failed cache calls, one line in the log (once a minute per process).
    assert len(cache_log) == 1, [record.getMessage() for record in cache_log]
