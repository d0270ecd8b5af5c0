"""A caching proxy or CDN is told to forget a published page and the pages that show it."""

import pytest
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from ppli.models import ActionPage

pytestmark = pytest.mark.django_db

PURGED = []


class RecordingBackend(BaseBackend):
    """Stands for nginx or Cloudflare: records the URLs it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def proxy(settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": f"{__name__}.RecordingBackend"}}
    return PURGED


def test_publishing_an_action_purges_the_pages_that_show_it(
    proxy, django_capture_on_commit_callbacks
):
    action = ActionPage.objects.get(url_path__endswith="/objectif-27/action-27/")
    with django_capture_on_commit_callbacks(execute=True):
        action.save_revision().publish()
    paths = {url.split("localhost", 1)[-1] for url in proxy}
    assert "/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/action-27/" in paths
    assert "/ppli/plan-2017-2020/" in paths  # the overview lists every action
    assert "/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/" in paths
    assert "/thematiques/lutte-contre-le-racisme/" in paths  # its thematic page shows it
    assert "/ressources/actus-du-secteur/rss.xml" in paths


def test_nothing_is_sent_without_a_configured_proxy(settings, django_capture_on_commit_callbacks):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {}
    action = ActionPage.objects.get(url_path__endswith="/objectif-27/action-27/")
    with django_capture_on_commit_callbacks(execute=True):
        action.save_revision().publish()
    assert PURGED == []
