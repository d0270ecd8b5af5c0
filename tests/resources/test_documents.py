"""Uploaded PDFs have their text extracted and indexed; uploads are checked."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from wagtail.documents import get_document_model

from resources.models import ExtractionStatus

pytestmark = pytest.mark.django_db

PHRASE = "Le répertoire petite enfance recense les crèches partenaires"


def make_pdf(*lines):
    """A real PDF, built in the test, with the given lines of text."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "x"))
    return client


def upload(admin_client, name, content, capture):
    with capture(execute=True):
        return admin_client.post(
            "/admin/documents/add/",
            {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
        )


def test_document_model_is_the_portal_one():
    assert get_document_model()._meta.label == "resources.PortalDocument"


def test_pdf_text_is_extracted_and_searchable(admin_client, django_capture_on_commit_callbacks):
    response = upload(
        admin_client,
        "repertoire.pdf",
        make_pdf("Repertoire", PHRASE),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="repertoire.pdf")
    assert document.extraction_status == ExtractionStatus.DONE
    assert PHRASE in " ".join(document.extracted_text.split())
    found = get_document_model().objects.search("crèches partenaires")
    assert document in list(found)


def test_broken_pdf_is_stored_and_logged_not_blocking(
    admin_client, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING, logger="resources.documents"):
        response = upload(
            admin_client,
            "casse.pdf",
            b"%PDF-1.4 ceci n'est pas un vrai PDF",
            django_capture_on_commit_callbacks,
        )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="casse.pdf")
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extracted_text == ""
    assert "Texte non extrait du PDF" in caplog.text


def test_other_formats_are_not_extracted(admin_client, django_capture_on_commit_callbacks):
    upload(admin_client, "tableau.csv", b"a,b\n1,2\n", django_capture_on_commit_callbacks)
    document = get_document_model().objects.get(title="tableau.csv")
    assert document.extraction_status == ExtractionStatus.NOT_APPLICABLE


def test_too_large_file_is_refused_in_french(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = upload(
        admin_client, "gros.pdf", make_pdf(*["ligne"] * 200), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert "Ce fichier est trop gros" in response.content.decode()  # Wagtail's own check
    assert not get_document_model().objects.filter(title="gros.pdf").exists()


def test_disallowed_extension_is_refused(admin_client, django_capture_on_commit_callbacks):
    response = upload(admin_client, "virus.exe", b"MZ", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert not get_document_model().objects.filter(title="virus.exe").exists()
    assert "pdf" in response.content.decode()  # the message lists the allowed formats


def extractions(callbacks):
    """The text extractions among the on-commit callbacks (the page cache adds its own)."""
    return [c for c in callbacks if "queue_text_extraction" in c.__qualname__]


def test_only_a_new_or_replaced_file_is_extracted(django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    document = get_document_model()(title="Fiche")
    with django_capture_on_commit_callbacks() as queued:
        document.file.save("fiche.pdf", ContentFile(make_pdf("Bonjour")), save=False)
        document.save()
    assert len(extractions(queued)) == 1
    with django_capture_on_commit_callbacks() as queued:
        document.title = "Fiche renommée"
        document.save()
    assert extractions(queued) == []  # a title edit does not re-read the PDF
    with django_capture_on_commit_callbacks() as queued:
        document.file.save("fiche-v2.pdf", ContentFile(make_pdf("Nouvelle version")), save=False)
        document.save()
    assert len(extractions(queued)) == 1
