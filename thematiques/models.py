"""The thematic index and the thematic pages (asile, logement, santé...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel

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

    content_panels = BasePage.content_panels + [FieldPanel("short_name")]

    parent_page_types = ["thematiques.ThematicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thématique")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Other apps (PPLI, resources, news) add what is tagged with this thematic through
        # this hook, so this app never imports them.
        context["sections"] = [section(self) for section in hooks.get_hooks(SECTIONS_HOOK)]
        return context

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
