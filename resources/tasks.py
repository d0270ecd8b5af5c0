"""Background work of the resource library."""

from django.db import transaction
from django_tasks import task
from wagtail.search.index import insert_or_update_object


@task()
def extract_document_text(document_id):
    """Read a PDF's text into the document and re-index it; a failure is logged, not raised."""
    from .documents import extract_pdf_text
    from .models import ExtractionStatus, PortalDocument, ResourcePage

    document = PortalDocument.objects.filter(pk=document_id).first()
    if document is None:
        return
    if document.file_extension.lower() != "pdf":
        status, text = ExtractionStatus.NOT_APPLICABLE, ""
    else:
        try:
            with document.open_file() as file:
                status, text = ExtractionStatus.DONE, extract_pdf_text(file)
        except Exception:  # noqa: BLE001 - any unreadable file is logged by extract_pdf_text
            status, text = ExtractionStatus.FAILED, ""
    # update(): saving the model would enqueue this task again.
    with transaction.atomic():
        PortalDocument.objects.filter(pk=document_id).update(
            extracted_text=text, extraction_status=status
        )
    document.extracted_text, document.extraction_status = text, status
    insert_or_update_object(document)
    # Resource pages index their document's text: refresh the ones that use this document.
    for page in ResourcePage.objects.filter(document_id=document_id):
        insert_or_update_object(page)
