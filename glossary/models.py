"""Acronyms and their expansions (the sources' own), the public glossary page, and the
synonyms the site search expands queries with."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from home.models import BasePage

# An expression longer than this is a sentence, not something a searcher types.
MAX_SYNONYM_LENGTH = 100


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


class SearchSynonym(models.Model):
    """Words a searcher may type for one another ("cours de français", "FLE"…).

    The site search looks for every expression of the line as soon as a searcher types one of
    them (search/query.py); nothing of it is shown to visitors.
    """

    terms = models.TextField(
        _("expressions équivalentes"),
        help_text=_(
            "Une expression par ligne, au moins deux : « FLE », « français langue étrangère », "
            "« cours de français ». Chercher l'une trouve aussi les pages qui disent l'autre."
        ),
    )
    note = models.CharField(
        _("note pour l'équipe"),
        max_length=255,
        blank=True,
        help_text=_("Facultative : d'où vient ce rapprochement (une source, une recherche vide…)."),
    )

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonyme de recherche")
        verbose_name_plural = _("synonymes de recherche")
        ordering = ["terms"]

    def __str__(self):
        return " ↔ ".join(self.expressions())

    def expressions(self):
        """The distinct expressions of the line, in the order typed."""
        seen = {}
        for line in self.terms.splitlines():
            expression = " ".join(line.split())
            if expression and expression.casefold() not in seen:
                seen[expression.casefold()] = expression
        return list(seen.values())

    def clean(self):
        """At least two expressions, each short enough to be a search."""
        expressions = self.expressions()
        if len(expressions) < 2:
            raise ValidationError(
                {"terms": _("Indiquez au moins deux expressions, une par ligne.")}
            )
        too_long = [e for e in expressions if len(e) > MAX_SYNONYM_LENGTH]
        if too_long:
            raise ValidationError(
                {
                    "terms": _(
                        "Une expression compte au plus %(max)d caractères : « %(expression)s »."
                    )
                    % {"max": MAX_SYNONYM_LENGTH, "expression": too_long[0][:40] + "…"}
                }
            )
