"""Loads the library's initial resources (data/resources.yaml), with the PPLI booklet as a PDF.

Called by load_initial_content; creates only what is missing, never edits what exists.
"""

from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from fpdf import FPDF
from wagtail.documents import get_document_model

from thematiques.models import ThematicPage

from .models import ResourceIndexPage, ResourcePage

DATA_DIR = Path(__file__).resolve().parent / "data"
BOOKLET_TEXT = DATA_DIR / "livret-ppli-2017-2020.txt"
BOOKLET_FILENAME = "livret-ppli-2017-2020.pdf"
BOOKLET_TITLE = "Livret PPLI 2017-2020"
# The PDF core fonts stop at Latin-1; these few characters of the booklet are spelled out.
PDF_SUBSTITUTES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "–": "-", "’": "'", "⁴": "4", "⁵": "5", "⁶": "6"}
)


NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}


def booklet_pdf():
    """The booklet's extracted text (seed 003) laid out as a simple PDF."""
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=14)
    pdf.multi_cell(
        0,
        8,
        "PPLI 2017-2020 - Co-construire un plan provincial et local d'intégration",
        **NEXT_LINE,
    )
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(
        0, 5, "Version texte du livret, générée par le site (mise en page simplifiée).", **NEXT_LINE
    )
    pdf.ln(4)
    pdf.set_font("helvetica", size=10)
    text = BOOKLET_TEXT.read_text(encoding="utf-8").translate(PDF_SUBSTITUTES)
    for paragraph in text.split("\n"):
        pdf.multi_cell(0, 5, paragraph.strip().replace("\t", " ") or " ", **NEXT_LINE)
    return bytes(pdf.output())


def booklet_document():
    Document = get_document_model()
    document = Document.objects.filter(title=BOOKLET_TITLE).first()
    if document is None:
        document = Document(title=BOOKLET_TITLE)
        document.file.save(BOOKLET_FILENAME, ContentFile(booklet_pdf()), save=False)
        document.save()
    return document


def load(site, log):
    """Entry point used by load_initial_content."""
    library = ResourceIndexPage.objects.descendant_of(site.root_page).first()
    if library is None:
        return []
    with (DATA_DIR / "resources.yaml").open(encoding="utf-8") as stream:
        items = yaml.safe_load(stream)
    thematics = {t.slug: t for t in ThematicPage.objects.all()}
    created = []
    for item in items:
        if ResourcePage.objects.child_of(library).filter(slug=item["slug"]).exists():
            continue
        page = ResourcePage(
            slug=item["slug"],
            title=item["title"],
            kind=item["kind"],
            summary=item["summary"],
            search_description=item["summary"],
            thematics=[thematics[slug] for slug in item.get("thematics", [])],
        )
        if item.get("booklet"):
            page.document = booklet_document()
        library.add_child(instance=page)
        page.save_revision(log_action=False).publish(log_action=False)
        created.append(page)
        log(f"  + {page.url}")
    return created
