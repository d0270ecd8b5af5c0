"""Keeps each action's dated follow-up history as people publish new states."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ActionPage, ActionStatusChange


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
