"""Extract a document's text whenever its file is uploaded or replaced."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import PortalDocument


@receiver(post_save, sender=PortalDocument)
def queue_text_extraction(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and "file" not in update_fields:
        return
    from .tasks import extract_document_text

    document_id = instance.pk
    transaction.on_commit(lambda: extract_document_text.enqueue(document_id))
