"""Keeps the search index of thematic pages in step with the pages they list.

A thematic is indexed with the titles of the live pages tagged with it
(``ThematicPage.listed_titles``). It is indexed again, once per transaction
(core/indexing.py), when one of them:

- is published (a new page, a new title, new thematics) or unpublished (deleted pages are
  unpublished first, by Wagtail);
- loses or gains the thematic while live: the thematic it left is re-indexed too, which the
  publication alone would not tell.

The tagging models are found through ThematicPage's reverse relations: this app imports none
of the apps that tag.
"""

from django.db.models.signals import m2m_changed
from wagtail.signals import page_published, page_unpublished

from core.indexing import ReindexQueue

from .models import ThematicPage, tagging_relations

thematics_to_index = ReindexQueue(lambda ids: ThematicPage.objects.filter(pk__in=ids))


def thematic_ids(page):
    """The ids of the thematics ``page`` is tagged with (none if it tags none)."""
    ids = set()
    for relation in tagging_relations():
        if isinstance(page, relation.related_model):
            # .all(): the relation of a page just published may still be held in memory.
            ids.update(thematic.pk for thematic in getattr(page, relation.field.name).all())
    return ids


def page_changed(sender, instance, **kwargs):
    """A page published or unpublished: its thematics list it, or no longer do."""
    thematics_to_index.add(thematic_ids(instance))


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Thematics added to or removed from a page (or pages added to a thematic)."""
    if reverse:
        # thematic.ppli_actions.add(action): the thematic is the instance.
        if action in ("post_add", "post_remove", "post_clear"):
            thematics_to_index.add([instance.pk])
        return
    # A draft's thematics are listed nowhere yet; its publication is a page_published.
    if not getattr(instance, "live", False):
        return
    if action in ("post_add", "post_remove"):
        thematics_to_index.add(pk_set or ())
    elif action == "pre_clear":
        thematics_to_index.add(thematic_ids(instance))


def connect():
    """Listen to Wagtail's page signals and to each tagging relation's changes."""
    page_published.connect(page_changed, dispatch_uid="thematiques_index_published")
    page_unpublished.connect(page_changed, dispatch_uid="thematiques_index_unpublished")
    for relation in tagging_relations():
        m2m_changed.connect(
            tags_changed,
            sender=relation.through,
            dispatch_uid=f"thematiques_index_{relation.through._meta.label_lower}",
        )
