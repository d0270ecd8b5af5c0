"""Acronyms and their expansions (the sources' own), and the public glossary page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from home.models import BasePage


class AbbreviationQuerySet(models.QuerySet):
    def published(self):
        """Acronyms a visitor may read: published, with an expansion."""
        return self.filter(live=True).exclude(expansion="")


class Abbreviation(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """An acronym of the site (PEOE, CPAS…) and its expansion as a source gives it.

    An acronym without a sourced expansion stays a draft: nothing unknown is published.
    """

    acronym = models.CharField(
        _("sigle"),
        max_length=20,
        unique=True,
        help_text=_("Tel qu'il s'écrit : « PEOE », « RàN »."),
    )
    expansion = models.CharField(
        _("développement"),
        max_length=255,
        blank=True,
        help_text=_("En toutes lettres, tel que le donne une source du centre."),
    )
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Le document d'où vient le développement (ex. : livret PPLI 2017-2020)."),
    )
    note = models.TextField(
        _("note pour l'équipe"),
        blank=True,
        help_text=_("Jamais publiée : ce qui reste à vérifier avant de publier ce sigle."),
    )

    objects = AbbreviationQuerySet.as_manager()

    panels = [
        FieldPanel("acronym"),
        FieldPanel("expansion"),
        FieldPanel("source"),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("acronym", boost=3),
        index.AutocompleteField("acronym"),
        index.SearchField("expansion"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("sigle")
        verbose_name_plural = _("sigles")
        ordering = ["acronym"]

    def __str__(self):
        return f"{self.acronym} : {self.expansion}" if self.expansion else self.acronym

    @property
    def anchor(self):
        """The id of its entry on the glossary page."""
        return "sigle-" + "".join(c if c.isalnum() else "-" for c in self.acronym.lower())


class GlossaryPage(BasePage):
    """The public glossary: every published acronym with its expansion (/glossaire/)."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("glossaire")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["glossary_entries"] = Abbreviation.objects.published()
        return context
