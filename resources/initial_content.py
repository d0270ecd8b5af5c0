"""Loads the library's initial resources (data/resources.yaml), with the PPLI booklet as a PDF.

Called by load_initial_content: creates what is missing and brings what no person has edited in
line with the data; never rewrites a resource staff have saved.
"""

import datetime
import re
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from fpdf import FPDF
from wagtail.documents import get_document_model

from home.content_loader import LoadResult, PageWriter, edited_snippet
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
URL = re.compile(r"<?(https?://[^\s>]+)>?")
# A fixed date: the same text gives the same file, so the loader can tell when it changed.
PDF_DATE = datetime.datetime(2016, 10, 19, tzinfo=datetime.UTC)


def booklet_paragraphs(text):
    """The extracted text without the extraction's leftovers: emphasis marks (*, **, <i>),
    words cut at a line end ("l'ap- proche"), paragraphs cut at a page end."""
    text = re.sub(r"</?i>|\*\*|\*", "", text)
    text = re.sub(r"(\w)- ([a-zà-ÿœ])", r"\1\2", text)
    paragraphs = []
    for line in text.split("\n"):
        line = " ".join(line.replace("\t", " ").split())
        if not line:
            continue
        previous = paragraphs[-1] if paragraphs else ""
        if previous.endswith("-") and line[0].islower():
            paragraphs[-1] = previous[:-1] + line  # a word cut across a page break
        elif previous and line[0].islower() and not previous.endswith((".", ":", ";", "»")):
            paragraphs[-1] = f"{previous} {line}"  # a sentence cut across a page break
        else:
            paragraphs.append(line)
    return paragraphs


def write_paragraph(pdf, paragraph):
    """A paragraph whose web addresses are links."""
    position = 0
    for match in URL.finditer(paragraph):
        pdf.write(5, paragraph[position : match.start()])
        pdf.write(5, match.group(1), link=match.group(1))
        position = match.end()
    pdf.write(5, paragraph[position:])
    pdf.ln(7)


def booklet_pdf():
    """The booklet's extracted text (seed 003) laid out as a simple PDF."""
    pdf = FPDF()
    pdf.set_creation_date(PDF_DATE)
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
    for paragraph in booklet_paragraphs(text):
        write_paragraph(pdf, paragraph)
    return bytes(pdf.output())


def booklet_document():
    """The booklet's PDF document, generated again when the text or its layout changed and no
    person has replaced or edited it (Wagtail logs their changes)."""
    Document = get_document_model()
    document = Document.objects.filter(title=BOOKLET_TITLE).first()
    if document is not None and edited_snippet(document):
        return document
    content = booklet_pdf()
    if document is not None:
        with document.open_file() as stored:
            if stored.read() == content:
                return document
    else:
        document = Document(title=BOOKLET_TITLE)
    document.file.save(BOOKLET_FILENAME, ContentFile(content), save=False)
    document.file_size = len(content)
    document.file_hash = ""
    document.save()
    document.get_file_hash()  # computed and stored, as for an upload
    return document


def load(loader):
    """Entry point used by load_initial_content (`loader`: its ContentLoader): creates the
    missing resources and brings those no person has edited in line with the data file."""
    library = ResourceIndexPage.objects.descendant_of(loader.site.root_page).first()
    if library is None:
        return LoadResult()
    with (DATA_DIR / "resources.yaml").open(encoding="utf-8") as stream:
        items = yaml.safe_load(stream)
    thematics = {t.slug: t for t in ThematicPage.objects.all()}
    existing = {page.slug: page for page in ResourcePage.objects.child_of(library)}
    writer = PageWriter(keep_edits=True)
    for item in items:
        values = {
            "title": item["title"],
            "kind": item["kind"],
            "year": item.get("year"),
            "summary": item["summary"],
            "search_description": item["summary"],
            "thematics": [thematics[slug] for slug in item.get("thematics", [])],
            # The notes for staff the first loader wrote in the bodies are gone: the
            # dashboard lists resources without a file.
            "body": [],
        }
        if item.get("booklet"):
            values["document"] = booklet_document()
        page = writer.save(existing.get(item["slug"]), ResourcePage, item["slug"], values, library)
        if page in writer.created:
            loader.log(f"  + {page.url}")
    return LoadResult(writer.created, writer.updated)
