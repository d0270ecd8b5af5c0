"""Text extraction from uploaded PDFs, so a phrase inside a document finds it in the search."""

import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# Enough for any booklet; keeps one huge file from bloating the search index.
MAX_EXTRACTED_CHARACTERS = 500_000


def extract_pdf_text(file):
    """The text of every page of a PDF file object, or "" when it cannot be read."""
    try:
        reader = PdfReader(file)
        parts = []
        size = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_EXTRACTED_CHARACTERS:
                break
        return "\n".join(parts)[:MAX_EXTRACTED_CHARACTERS].replace("\x00", "")
    except (PyPdfError, ValueError, OSError, KeyError, TypeError) as error:
        logger.warning("Texte non extrait du PDF %s : %s", getattr(file, "name", "?"), error)
        raise
