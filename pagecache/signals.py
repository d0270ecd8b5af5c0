"""What makes cached pages stale, read from Wagtail's own signals and registries.

No list of apps or models to keep up to date: a record is content when Wagtail knows it as
such, so a new page type, snippet or setting invalidates the cache the day it is added.

- a page: published, unpublished, moved (Wagtail's page signals), deleted, or saved while
  live (a loader or an import that saves pages directly);
- a record of a model Wagtail registers for editors: a snippet, a setting, the image and
  document models, a collection, a site, a view restriction (privacy of pages);
- a row that belongs to one of those: a ParentalKey child of a snippet or a setting (the
  menu's links), or a row of the project's own apps that points to a page (the inline rows
  of a page, an action's follow-up history).

The registries are read when a record is written, not at import time, so models registered
late (wagtail_hooks.py) count too. Everything else (image renditions, revisions, log
entries, recorded searches, form submissions, comments) is not content: writing it while
pages are served never empties the cache. A model of those kinds whose rows no visitor ever
sees (the sign-ups visitors send) opts out with a class attribute ``page_cache_ignore = True``.
"""

from django.db import transaction
from django.db.models import ForeignKey
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, Collection, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import frontend, generation, version


def opted_out(model):
    """True for a model that declares its rows never appear on a page."""
    return bool(getattr(model, "page_cache_ignore", False))


def registered_models():
    """The models Wagtail registers for editors, read now (snippets register late)."""
    return (
        *get_snippet_models(),
        *settings_registry,
        get_image_model(),
        get_document_model(),
        Collection,
        Site,
        BaseViewRestriction,
    )


def is_registered(model):
    """A snippet, a setting, an image, a document, a collection, a site, a restriction."""
    return not opted_out(model) and issubclass(model, registered_models())


def is_project_model(model):
    """A model of one of the project's own apps (not Wagtail's, not a library's)."""
    return model._meta.app_config in version.project_apps()


def belongs_to_content(model):
    """A row that is part of content: a ParentalKey child of a registered model, or a row
    of the project's apps that points to a page."""
    for field in model._meta.fields:
        if not isinstance(field, ForeignKey):
            continue
        target = field.related_model
        if isinstance(field, ParentalKey) and is_registered(target):
            return True
        if is_project_model(model) and isinstance(target, type) and issubclass(target, Page):
            return True
    return False


def shows_on_pages(model):
    """Could a row of ``model`` appear on a public page? (Pages only while live, see below.)"""
    if opted_out(model):
        return False
    return issubclass(model, Page) or is_registered(model) or belongs_to_content(model)


def changes_pages(instance):
    """Does writing ``instance`` change what visitors see?"""
    if isinstance(instance, Page):
        # A draft saved is invisible; publishing sends page_published.
        return instance.live and not opted_out(type(instance))
    return shows_on_pages(type(instance))


def bump_now_and_on_commit():
    """Stale now (the change is visible to this transaction) and again once committed.

    The second bump covers a page cached by another request between the change and the
    commit, from data that did not show the change yet, and the rows saved after the
    record itself (a setting's menu links, a snippet's many-to-many relations).
    """
    generation.bump()
    transaction.on_commit(generation.bump)


def record_saved(sender, instance, **kwargs):
    """Any record saved: stale if it is content."""
    if changes_pages(instance):
        bump_now_and_on_commit()


def record_deleted(sender, instance, **kwargs):
    """Any record deleted: stale if it was content (a page whatever its state: Wagtail marks
    it not live in memory before deleting it)."""
    if shows_on_pages(type(instance)):
        bump_now_and_on_commit()


def page_changed(sender, instance, **kwargs):
    """A page was published, unpublished or moved: the page cache and the proxy forget it."""
    bump_now_and_on_commit()
    transaction.on_commit(lambda: frontend.purge_related(instance))


def connect():
    """Listen to every save and delete (filtered by the rules above) and to Wagtail's page
    signals."""
    post_save.connect(record_saved, dispatch_uid="pagecache_post_save")
    post_delete.connect(record_deleted, dispatch_uid="pagecache_post_delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"pagecache_{id(signal)}")
