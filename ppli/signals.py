"""Keeps each action's dated follow-up history as people publish new states, and the working
groups' search index in step with the thematics of their axis."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, page_unpublished

from core.indexing import ReindexQueue

from .models import ActionPage, ActionStatus, ActionStatusChange, ObjectivePage, WorkingGroupPage
from .models.tree import STEP


@receiver(post_save, sender=PageLogEntry)
def record_status_change(sender, instance, created, **kwargs):
    """Add a history entry when a person publishes an action whose state or progress differs
    from the last entry's, or with a new note.

    Read from Wagtail's log of the publication, which names who published (the reviewer who
    approved, not the editor who submitted). Publications without a person (the initial
    content, an import) are not events.
    """
    if not created or instance.action != "wagtail.publish" or instance.user_id is None:
        return
    # ContentType's own cache: no query for the many publications of other pages.
    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is not ActionPage:
        return
    action = ActionPage.objects.get(pk=instance.page_id)
    history = action.status_changes.order_by("-changed_at", "-pk")
    last = history.first()
    last_note = history.exclude(note="").values_list("note", flat=True).first()
    note = action.progress_note.strip()
    new_note = note if note != last_note else ""
    state = (action.status, action.progress)
    if last is None:
        # Nothing known yet is no event: a history never starts with an empty line.
        changed = state != (ActionStatus.UNKNOWN, None)
    else:
        changed = state != (last.status, last.progress)
    if changed or new_note:
        ActionStatusChange.objects.create(
            action=action,
            status=action.status,
            progress=action.progress,
            note=new_note,
            changed_by_id=instance.user_id,
        )


# Keyed by the axis's tree path, read from the page's own path: no query per publication.
groups_to_index = ReindexQueue(
    lambda axis_paths: WorkingGroupPage.objects.filter(axis__path__in=axis_paths)
)
# How far above each plan item its axis is.
AXIS_STEPS_UP = {ObjectivePage: 1, ActionPage: 2}


@receiver([page_published, page_unpublished], sender=ObjectivePage)
@receiver([page_published, page_unpublished], sender=ActionPage)
def plan_item_changed(sender, instance, **kwargs):
    """An objective or action published or unpublished: the groups of its axis are indexed
    with the axis's thematics (WorkingGroupPage.thematic_titles), which may have changed."""
    groups_to_index.add([instance.path[: -STEP * AXIS_STEPS_UP[sender]]])
