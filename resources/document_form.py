"""The document form of the admin (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE): Wagtail's, with a
title field that says what a title is for."""

from wagtail.documents.forms import BaseDocumentForm

TITLE_HELP = (
    "Le titre que liront les visiteurs, par exemple « Rapport d'audit 2026 » : "
    "pas le nom du fichier."
)


class PortalDocumentForm(BaseDocumentForm):
    """Wagtail's document form; the title's help text asks for a real title."""

    class Meta(BaseDocumentForm.Meta):
        # Wagtail builds the form with modelform_factory, whose Meta inherits this one.
        help_texts = {"title": TITLE_HELP}
