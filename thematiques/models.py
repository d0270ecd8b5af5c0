"""The thematic index and the thematic pages (asile, logement, santé...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel

from home import icons
from home.models import BasePage

SECTIONS_HOOK = "thematic_page_sections"


class ThematicIndexPage(BasePage):
    """Lists the thematics; there is one, at /thematiques/."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["thematiques.ThematicPage"]

    class Meta:
        verbose_name = _("index des thématiques")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["thematics"] = ThematicPage.objects.child_of(self).live().public()
        return context


class ThematicPage(BasePage):
    """One of the centre's thematics; other content is tagged with it."""

    short_name = models.CharField(
        _("nom court"),
        max_length=60,
        blank=True,
        help_text=_("Nom utilisé dans les filtres et étiquettes (ex. : « FLE/Alpha/RàN »)."),
    )

    icon = models.CharField(
        _("icône"),
        max_length=40,
        blank=True,
        choices=icons.CHOICES,
        help_text=_("Montrée sur la page d'accueil, la liste des thématiques et cette page."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("short_name"), FieldPanel("icon")]

    parent_page_types = ["thematiques.ThematicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thématique")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Other apps (PPLI, resources, news) add what is tagged with this thematic through
        # this hook, so this app never imports them. A section that has something to show
        # gives its `anchor`, `heading` and `summary` ("4 actions du PPLI").
        sections = [section(self) for section in hooks.get_hooks(SECTIONS_HOOK)]
        shown = [section for section in sections if section.get("summary")]
        context["sections"] = sections
        # A table of contents is useful from two sections on.
        context["section_links"] = (
            [(section["anchor"], section["heading"]) for section in shown] if len(shown) > 1 else []
        )
        context["has_sections"] = bool(shown)
        context["meta_description"] = self.describe([section["summary"] for section in shown])
        return context

    def describe(self, summaries):
        """A meta description built from what the page shows (editors may write their own)."""
        if not summaries:
            return _("%(title)s : une thématique du Centre d'action interculturelle.") % {
                "title": self.title
            }
        return _("%(title)s : %(contents)s.") % {
            "title": self.title,
            "contents": ", ".join(str(summary) for summary in summaries),
        }

    @property
    def search_summary(self):
        """What a search result says of a thematic that has no introduction yet."""
        return _(
            "Ce que le site rattache à la thématique « %(title)s » : objectifs et actions du "
            "PPLI, groupes de travail, ressources et actualités."
        ) % {"title": self.title}

    @property
    def label(self):
        """The name shown on tags and filters."""
        return self.short_name or self.title


def published_thematics():
    """The live, public thematics in alphabetical order (filters, tags, feeds)."""
    return ThematicPage.objects.live().public().order_by("title")


def thematic_choices():
    """(slug, title) of the published thematics, for the thematic filter of a form."""
    return [(thematic.slug, thematic.title) for thematic in published_thematics()]
