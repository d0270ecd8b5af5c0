"""Keeps each action's dated follow-up history as new states are published."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ActionPage, ActionStatusChange


@receiver(page_published, sender=ActionPage)
def record_status_change(sender, instance, **kwargs):
    """Add a history entry when a published action's state or progress differs from the last."""
    last = instance.status_changes.order_by("-changed_at", "-pk").first()
    if last is None or (last.status, last.progress) != (instance.status, instance.progress):
        ActionStatusChange.objects.create(
            action=instance, status=instance.status, progress=instance.progress
        )
