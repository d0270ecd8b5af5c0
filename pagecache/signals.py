"""What makes cached pages stale: content changes, wherever they come from."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import frontend, generation

# Apps whose records appear on public pages, and the models of those apps that never do
# (or are written while serving pages, such as image renditions and recorded searches).
CONTENT_APPS = {
    "home",
    "thematiques",
    "glossary",
    "ppli",
    "resources",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailsearchpromotions",
    "taggit",
}
IGNORED_MODELS = {
    "ppli.workinggroupsignup",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.uploadedfile",
    "wagtailcore.referenceindex",
    "wagtailimages.rendition",
    "wagtailimages.uploadedimage",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
}


def shows_on_pages(model):
    """True for models whose records can appear on a public page."""
    meta = model._meta
    return meta.app_label in CONTENT_APPS and meta.label_lower not in IGNORED_MODELS


def content_changed(sender, **kwargs):
    """Stale now (the change is visible to this transaction) and again once committed.

    The second bump covers a page cached by another request between the change and the
    commit, from data that did not show the change yet.
    """
    if not shows_on_pages(sender):
        return
    generation.bump()
    transaction.on_commit(generation.bump)


def page_changed(sender, instance, **kwargs):
    """A page was published, unpublished or moved: the page cache and the proxy forget it."""
    generation.bump()
    transaction.on_commit(generation.bump)
    transaction.on_commit(lambda: frontend.purge_related(instance))


def connect():
    """Listen to every save and delete (filtered by model) and to Wagtail's page signals."""
    post_save.connect(content_changed, dispatch_uid="pagecache_post_save")
    post_delete.connect(content_changed, dispatch_uid="pagecache_post_delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"pagecache_{id(signal)}")
