"""Keeps each action's dated follow-up history as people publish new states, and the working
groups' search index in step with the thematics of their axis."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from core.indexing import ReindexQueue

from .models import ActionPage, ActionStatusChange, ObjectivePage, WorkingGroupPage
from .models.tree import STEP


@receiver(page_published, sender=ActionPage)
def record_status_change(sender, instance, revision=None, **kwargs):
    """Add a history entry when a person publishes a state or progress that differs from the
    last one. Publications without a person (the initial content, an import) are not events."""
    user = getattr(revision, "user", None)
    if user is None:
        return
    last = instance.status_changes.order_by("-changed_at", "-pk").first()
    if last is None or (last.status, last.progress) != (instance.status, instance.progress):
        ActionStatusChange.objects.create(
            action=instance, status=instance.status, progress=instance.progress, changed_by=user
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
