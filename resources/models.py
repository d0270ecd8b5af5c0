"""Resource library and sector news indexes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from home.models import BasePage


class ResourceIndexPage(BasePage):
    """The library of tools and publications, at /ressources/outils-et-publications/."""

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bibliothèque de ressources")


class NewsIndexPage(BasePage):
    """The sector news, at /ressources/actus-du-secteur/."""

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualités du secteur")


class ExtractionStatus(models.TextChoices):
    NOT_APPLICABLE = "sans_objet", _("sans objet (pas un PDF)")
    PENDING = "en_attente", _("en attente")
    DONE = "extrait", _("texte extrait")
    FAILED = "echec", _("échec de l'extraction")


class PortalDocument(AbstractDocument):
    """A document of the library; the text of a PDF is kept and indexed for the site search."""

    extracted_text = models.TextField(_("texte extrait"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("extraction du texte"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )

    admin_form_fields = Document.admin_form_fields
    search_fields = AbstractDocument.search_fields + [index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
