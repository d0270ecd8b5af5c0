"""Cached pages go stale for any content Wagtail knows about, with no list to keep up to date.

The test app (tests/pagecache/testapp, installed by the test settings only) adds a page
type and a snippet that no line of pagecache/ names.
"""

import io

import pytest
from django.apps import apps
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import (
    Comment,
    ModelLogEntry,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    WorkflowState,
)

from pagecache import generation, signals, version
from ppli.models import ActionStatusChange, WorkingGroupPage, WorkingGroupSignup
from tests.conftest import page_at
from tests.pagecache.testapp.models import CacheTestPage, CacheTestSnippet

pytestmark = pytest.mark.django_db

THEMATIC = "/thematiques/lutte-contre-le-racisme/"
URLS = ("/", THEMATIC)


def an_image():
    """A small PNG image in the image library."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (200, 80, 20)).save(buffer, format="PNG")
    return get_image_model().objects.create(title="Photo", file=ImageFile(buffer, name="t.png"))


def cache_state(client, url):
    """The X-Page-Cache header of a visit, and how many queries it needed."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache"), len(queries)


def fill(client):
    """Cache the home page and a thematic page; the content generation number."""
    for url in URLS:
        cache_state(client, url)
        assert cache_state(client, url) == ("HIT", 0), url
    return generation.number()


def assert_stale(client, before):
    """Every cached page misses, and the generation number moved on."""
    assert generation.number() > before
    for url in URLS:
        assert cache_state(client, url)[0] == "MISS", url


def assert_still_cached(client, before):
    """Every cached page is still served from the cache."""
    assert generation.number() == before
    for url in URLS:
        assert cache_state(client, url) == ("HIT", 0), url


def test_a_page_type_the_cache_never_heard_of_makes_pages_stale(client, home_page):
    before = fill(client)
    page = home_page.add_child(
        instance=CacheTestPage(title="Page de test", slug="page-de-test", live=False)
    )
    assert_still_cached(client, before)  # a draft is invisible

    page.body = "Publiée."
    page.save_revision().publish()
    assert_stale(client, before)
    response = client.get("/page-de-test/")
    assert response["X-Page-Cache"] == "MISS" and b"Publi" in response.content
    assert client.get("/page-de-test/")["X-Page-Cache"] == "HIT"

    before = fill(client)
    page = CacheTestPage.objects.get(pk=page.pk)  # live, as published
    page.body = "Changée par un chargeur, sans révision."
    page.save()  # a loader or an import saving a live page directly
    assert_stale(client, before)
    assert "sans révision" in client.get("/page-de-test/").content.decode()

    before = fill(client)
    page.unpublish()
    assert_stale(client, before)

    page.save_revision().publish()
    before = fill(client)
    page.move(page_at("/contact/"), pos="last-child")
    assert_stale(client, before)

    before = fill(client)
    CacheTestPage.objects.get(pk=page.pk).delete()
    assert_stale(client, before)


def test_a_snippet_the_cache_never_heard_of_makes_pages_stale(client):
    before = fill(client)
    snippet = CacheTestSnippet.objects.create(name="Nouveau")
    assert_stale(client, before)

    before = fill(client)
    snippet.name = "Renommé"
    snippet.save()
    assert_stale(client, before)

    before = fill(client)
    snippet.delete()
    assert_stale(client, before)


def test_images_make_pages_stale_but_their_renditions_do_not(client):
    before = fill(client)
    image = an_image()
    assert_stale(client, before)

    # Renditions are made while pages are served: they must not empty the cache.
    before = fill(client)
    image.get_rendition("fill-100x100")
    assert_still_cached(client, before)


def test_records_written_while_pages_are_served_keep_the_cache(client, admin_user):
    group = WorkingGroupPage.objects.live().first()
    page = page_at(THEMATIC)
    before = fill(client)
    # A visitor's sign-up: a staff record (wagtail-modeladmin) that points to a page and opts
    # out (page_cache_ignore).
    WorkingGroupSignup.objects.create(
        submission="6f1c0c56-0e8b-4a43-9f7e-1a1b5d1c2e3f",
        group=group,
        group_title=group.title,
        organisation_name="Une asbl",
        contact_name="Une personne",
        role="Coordination",
        email="personne@example.org",
        commune="Namur",
        consent_at=timezone.now(),
    )
    # Recorded searches, fetched embeds, Wagtail's own bookkeeping.
    Query.get("racisme").add_hit()
    Embed.objects.create(url="https://www.youtube.com/watch?v=x", hash="x" * 32, type="video")
    log(page, "wagtail.edit", user=admin_user)
    assert_still_cached(client, before)


@pytest.mark.parametrize(
    "model",
    [
        get_image_model().get_rendition_model(),
        Revision,
        PageLogEntry,
        ModelLogEntry,
        Query,
        QueryDailyHits,
        Embed,
        FormSubmission,
        Comment,
        ReferenceIndex,
        WorkflowState,
        WorkingGroupSignup,
    ],
)
def test_bookkeeping_and_visitor_records_are_not_content(model):
    assert not signals.shows_on_pages(model)


def test_every_model_of_the_project_is_content_or_opts_out():
    """A new model whose rows appear on pages but escape every rule fails here.

    Covered: pages, snippets, settings, images, documents (Wagtail's registries), the
    ParentalKey children of snippets and settings, and the project's rows that point to a
    page (inline rows, an action's history). A model no visitor ever sees sets
    ``page_cache_ignore = True``.
    """
    project_models = [model for config in version.project_apps() for model in config.get_models()]
    assert ActionStatusChange in project_models and CacheTestSnippet in project_models
    escaping = [
        model._meta.label
        for model in project_models
        if not (signals.shows_on_pages(model) or signals.opted_out(model))
    ]
    assert escaping == []
    assert [m._meta.label for m in project_models if signals.opted_out(m)] == [
        "home.ContactEmailSent",
        "ppli.WorkingGroupSignup",
        "agenda.Registration",
        "agenda.Reminder",
        # The network's rows: written by visitors or shown only by link; the findings and the
        # consultation, which are on pages, empty the cache themselves (network/signals.py).
        "network.Commune",
        "network.FieldFinding",
        "network.PublishedFinding",
        "network.ExpertiseRequest",
        "network.ChannelMessage",
        "network.Consultation",
        "network.ConsultationItem",
        "network.ConsultationParticipant",
        "network.ConsultationSubmission",
        "network.ConsultationAnswer",
        "network.FollowUpLink",
        "search.ZeroResultSearch",
    ]


def test_the_project_apps_are_those_of_the_repository():
    labels = {config.label for config in version.project_apps()}
    assert {"home", "thematiques", "glossary", "ppli", "resources", "pagecache"} <= labels
    assert not labels & {"wagtailcore", "wagtailimages", "taggit", "auth"}
    assert apps.get_app_config("pagecache_testapp") in version.project_apps()
