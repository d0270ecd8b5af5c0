"""Extract a document's text when its file is uploaded or replaced (not on every edit)."""

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import PortalDocument


@receiver(pre_save, sender=PortalDocument)
def note_file_change(sender, instance, **kwargs):
    # Before the file field commits, a replaced file still has its upload name here.
    stored = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    instance._file_changed = instance.pk is None or stored != instance.file.name


@receiver(post_save, sender=PortalDocument)
def queue_text_extraction(sender, instance, **kwargs):
    if not getattr(instance, "_file_changed", True):
        return
    from .tasks import extract_document_text

    document_id = instance.pk
    transaction.on_commit(lambda: extract_document_text.enqueue(document_id))
