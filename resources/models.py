"""Resource library and sector news.

The listings of the two index pages (filters, pagination) are built by the templates' tags
(templatetags/resources_tags.py, from library.py and news.py): those modules read these models,
and these models import none of them.
"""

import re
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index
from wagtailautocomplete.edit_handlers import AutocompletePanel

from home import icons
from home.models import BasePage, HiddenWhileEmpty, published, without_live_children


class ResourceIndexPage(HiddenWhileEmpty, BasePage):
    """The library of tools and publications, at /ressources/outils-et-publications/.

    Out of the menus and listings while it holds no published resource (HiddenWhileEmpty).
    """

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = ["resources.ResourcePage"]

    class Meta:
        verbose_name = _("bibliothèque de ressources")

    @classmethod
    def empty_pages(cls):
        """The libraries without a published resource."""
        return without_live_children(cls, ResourcePage)


class ResourceKind(models.TextChoices):
    """A resource's kind; labels are capitalised, as the filter and the cards show them."""

    MEMORANDUM = "memorandum", _("Mémorandum")
    DIRECTORY = "repertoire", _("Répertoire")
    FACT_SHEET = "fiche", _("Fiche")
    TEACHING_TOOL = "outil", _("Outil pédagogique")
    DOCUMENTARY = "documentaire", _("Documentaire / vidéo")
    REPORT = "rapport", _("Rapport / diagnostic")
    PUBLICATION = "publication", _("Publication")


class ResourcePage(BasePage):
    """A memorandum, directory, fact sheet, documentary… with its file, link or video."""

    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=ResourceKind.choices,
        help_text=_("Donne l'icône et l'étiquette de la ressource, et sert au filtre « Type »."),
    )
    summary = models.TextField(
        _("résumé"),
        blank=True,
        help_text=_(
            "Deux ou trois phrases sur la ressource, affichées sous son titre et sur sa carte."
        ),
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Date exacte de publication, si elle est connue ; l'année suit d'elle-même."),
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        help_text=_(
            "Année de publication, quand la date exacte n'est pas connue ; reprise de la date "
            "quand elle l'est."
        ),
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le fichier (PDF, Word…) proposé avec un bouton « Télécharger »."),
    )
    external_url = models.URLField(
        _("lien externe"),
        blank=True,
        help_text=_("Adresse de la ressource sur un autre site, ouverte par un bouton."),
    )
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
        help_text=_("Facultative ; montrée en haut de la ressource et sur sa carte."),
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
        help_text=_(
            "Tapez le début d'une thématique et choisissez : la ressource apparaît sur sa page."
        ),
    )
    audiences = ParentalManyToManyField(
        "taxonomies.Audience",
        verbose_name=_("publics"),
        blank=True,
        related_name="resources",
        help_text=_(
            "Tapez le début d'un public et choisissez : affiché sur la ressource et dans le "
            "filtre « Public »."
        ),
    )
    related_objectives = ParentalManyToManyField(
        "ppli.ObjectivePage",
        verbose_name=_("objectifs du PPLI liés"),
        blank=True,
        related_name="resources",
        help_text=_("Listés sous « Dans le PPLI » sur la ressource."),
    )
    related_actions = ParentalManyToManyField(
        "ppli.ActionPage",
        verbose_name=_("actions du PPLI liées"),
        blank=True,
        related_name="resources",
        help_text=_("Listées sous « Dans le PPLI » sur la ressource."),
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("year")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("external_url"), FieldPanel("video_url")],
            heading=_("La ressource"),
        ),
        FieldPanel("cover_image"),
        FieldPanel("last_checked"),
        # One way to choose, as on the plan's pages: the thematics as boxes to tick, the rest
        # with the type-ahead.
        FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
        AutocompletePanel("audiences"),
        AutocompletePanel("related_objectives"),
        AutocompletePanel("related_actions"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.FilterField("year"),
        index.RelatedFields("document", [index.SearchField("extracted_text")]),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ressource")

    def clean(self):
        super().clean()
        if self.date:
            self.year = self.date.year

    @property
    def kicker(self):
        """ "Publication · 2006": its kind, and its year when no exact date is known."""
        kind = self.get_kind_display()
        return f"{kind} · {self.year}" if self.year and not self.date else kind

    @property
    def icon(self):
        """The icon of its kind (home/icons.py)."""
        return icons.RESOURCE_KINDS.get(self.kind, "file-text")

    def get_context(self, request, *args, **kwargs):
        """Adds its published thematics, audiences and plan pages; its summary describes it."""
        context = super().get_context(request, *args, **kwargs)
        context["resource_thematics"] = published(self.thematics)
        context["resource_audiences"] = self.audiences.all()
        context["resource_objectives"] = published(self.related_objectives)
        context["resource_actions"] = published(self.related_actions)
        context["meta_description"] = self.summary
        return context


class NewsIndexPage(HiddenWhileEmpty, BasePage):
    """The sector news, at /ressources/actus-du-secteur/: newest first, filterable by thematic.

    Out of the menus and listings until a news item is published (HiddenWhileEmpty).
    """

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = ["resources.NewsPage"]

    class Meta:
        verbose_name = _("actualités du secteur")

    @classmethod
    def empty_pages(cls):
        """The news indexes without a published news item."""
        return without_live_children(cls, NewsPage)


class NewsPage(BasePage):
    """A news item of the sector: dated, with an optional image, shown on its thematics' pages."""

    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_(
            "Date de l'actualité (par exemple le jour de l'annonce ou de l'événement). "
            "Les actualités sont classées de la plus récente à la plus ancienne."
        ),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Facultative. Affichée en tête de l'actualité et en vignette dans la liste. "
            "Donnez-lui une description dans « Images » : elle sert de texte alternatif."
        ),
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="news",
        help_text=_("L'actualité apparaît aussi sur la page de chaque thématique cochée."),
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("date"),
        FieldPanel(
            "intro",
            help_text=_(
                "Une ou deux phrases qui résument l'actualité : elles sont reprises dans la "
                "liste des actualités, sur la page d'accueil, sur les pages des thématiques "
                "et dans les flux RSS et Atom."
            ),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = BasePage.search_fields + [index.FilterField("date")]

    parent_page_types = ["resources.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    def get_context(self, request, *args, **kwargs):
        """Adds the published thematics and the news index (for the link back)."""
        context = super().get_context(request, *args, **kwargs)
        context["news_thematics"] = published(self.thematics).order_by("title")
        context["news_index"] = self.get_parent()
        return context


class ExtractionStatus(models.TextChoices):
    NOT_APPLICABLE = "sans_objet", _("sans objet (pas un PDF)")
    PENDING = "en_attente", _("en attente")
    DONE = "extrait", _("texte extrait")
    FAILED = "echec", _("échec de l'extraction")


# The suffix Django's storage adds to a file name already taken ("rapport_AbC12xZ.pdf").
STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}$")


def file_name_titles(path):
    """The titles an upload of the file at `path` gets from its name (lowercase): with or
    without its extension, with or without the storage's suffix."""
    name = PurePosixPath(path or "").name.lower()
    stem = PurePosixPath(name).stem
    plain = STORAGE_SUFFIX.sub("", stem)
    return {name, stem, plain, plain + PurePosixPath(name).suffix} - {""}


def is_file_name_title(title, path):
    """Whether `title` is still the name of the file at `path`, as Wagtail fills it in on
    upload ("rapport-audit-2026")."""
    return title.strip().lower() in file_name_titles(path)


def documents_titled_by_file_name():
    """The documents whose title is still their file's name, in upload order (compared in
    Python: a library holds some hundreds of documents)."""
    matching = [
        pk
        for pk, title, path in PortalDocument.objects.values_list("pk", "title", "file")
        if is_file_name_title(title, path)
    ]
    return PortalDocument.objects.filter(pk__in=matching).order_by("created_at", "pk")


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

    def is_titled_by_file_name(self):
        """Whether the title is still the file's name, as Wagtail fills it in on upload
        ("rapport-audit-2026"): visitors read it in lists and search results."""
        return is_file_name_title(self.title, self.file.name)
