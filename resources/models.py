"""Resource library and sector news indexes."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from home.models import BasePage


class ResourceIndexPage(BasePage):
    """The library of tools and publications, at /ressources/outils-et-publications/."""

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = ["resources.ResourcePage"]

    class Meta:
        verbose_name = _("bibliothèque de ressources")

    def get_context(self, request, *args, **kwargs):
        from .library import library_context

        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(self, request))
        return context


class ResourceKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("mémorandum")
    DIRECTORY = "repertoire", _("répertoire")
    FACT_SHEET = "fiche", _("fiche")
    TEACHING_TOOL = "outil", _("outil pédagogique")
    DOCUMENTARY = "documentaire", _("documentaire / vidéo")
    REPORT = "rapport", _("rapport / diagnostic")
    PUBLICATION = "publication", _("publication")


class ResourcePage(BasePage):
    """A memorandum, directory, fact sheet, documentary… with its file, link or video."""

    kind = models.CharField(_("type"), max_length=20, choices=ResourceKind.choices)
    summary = models.TextField(_("résumé"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(_("lien externe"), blank=True)
    video_url = models.URLField(
        _("vidéo"), blank=True, help_text=_("Adresse YouTube, Vimeo… de la vidéo.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_checked = models.DateField(
        _("dernière vérification"),
        null=True,
        blank=True,
        help_text=_("Pour les répertoires : date à laquelle les informations ont été vérifiées."),
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="resources",
    )
    audiences = ParentalManyToManyField(
        "ppli.Audience", verbose_name=_("publics"), blank=True, related_name="resources"
    )
    related_objectives = ParentalManyToManyField(
        "ppli.ObjectivePage",
        verbose_name=_("objectifs du PPLI liés"),
        blank=True,
        related_name="resources",
    )
    related_actions = ParentalManyToManyField(
        "ppli.ActionPage",
        verbose_name=_("actions du PPLI liées"),
        blank=True,
        related_name="resources",
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("external_url"), FieldPanel("video_url")],
            heading=_("La ressource"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("last_checked"),
        FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_objectives"),
        FieldPanel("related_actions"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.RelatedFields("document", [index.SearchField("extracted_text")]),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ressource")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resource_thematics"] = self.thematics.live().public()
        context["resource_audiences"] = self.audiences.all()
        context["resource_objectives"] = self.related_objectives.live().public()
        context["resource_actions"] = self.related_actions.live().public()
        return context


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
