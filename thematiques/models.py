"""The thematic index and the thematic pages (asile, logement, santé...)."""

import re

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from home import icons
from home.models import BasePage, HiddenWhileEmpty, shown_pages

SECTIONS_HOOK = "thematic_page_sections"
# Where each app's section goes on a thematic page, as the `order` of its hook: what a visitor
# came for first (resources, services near them, news, events to come), then the plan, in
# short, and its history (issue 26). The apps register with these; this app imports none of them.
SECTION_ORDER = {
    "resources": 10,
    "directory": 20,
    "news": 30,
    "agenda": 35,
    "findings": 38,
    "ppli": 40,
    "history": 50,
}
# A word of a title; "d'asile" is "d" and "asile", as the search engines read it.
TITLE_WORD = re.compile(r"\w+")


class ThematicIndexPage(BasePage):
    """Lists the thematics; there is one, at /thematiques/."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["thematiques.ThematicPage"]

    class Meta:
        verbose_name = _("index des thématiques")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A thematic with nothing tagged yet is left out (HiddenWhileEmpty).
        context["thematics"] = shown_pages(ThematicPage.objects.child_of(self).live().public())
        return context


class ThematicPage(HiddenWhileEmpty, BasePage):
    """One of the centre's thematics; other content is tagged with it.

    Out of the thematic index, the menus and the home page while no published page is tagged
    with it (HiddenWhileEmpty).
    """

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
    search_fields = BasePage.search_fields + [
        index.SearchField("short_name", boost=2),
        # The words of the titles of what the page lists: "demandeurs d'asile" finds the
        # Asile thematic. Kept in step by signals.py when a tagged page changes.
        index.SearchField("listed_titles"),
    ]

    parent_page_types = ["thematiques.ThematicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("thématique")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Other apps (PPLI, resources, news, directory) add what is tagged with this thematic
        # through this hook, in the order of SECTION_ORDER, so this app never imports them. A
        # section that has something to show gives its `anchor`, `heading` and `summary`
        # ("4 actions du PPLI"); one with nothing is left out of the page.
        # A new thematic's preview (not saved yet) has nothing tagged with it.
        hooked = hooks.get_hooks(SECTIONS_HOOK) if self.pk else []
        sections = [section(self) for section in hooked]
        shown = [section for section in sections if section.get("summary")]
        context["sections"] = shown
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

    @classmethod
    def empty_pages(cls):
        """The thematics that no live page is tagged with (one subquery per tagging relation,
        read from the relations: this app names none of the apps that tag)."""
        empty = cls.objects.all()
        for relation in tagging_relations():
            field = relation.field
            tagged = tag_rows(field, live=True).filter(**{thematic_column(field): OuterRef("pk")})
            empty = empty.filter(~Exists(tagged))
        return empty

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

    def listed_titles(self):
        """The words of the titles of the live, public pages tagged with this thematic
        (objectives, actions, resources, news…), for the search index; one query however
        many there are.

        Each word once, in the order first met: the thematic is found by any word its
        pages' titles say, but the repetition does not weigh. Five hundred actions that say
        "logement" would otherwise make it a better answer to "logement" than the actions
        themselves, and the index of a thematic grow with its actions.
        """
        pages = tagged_pages(self).live().public().order_by("path")
        words = {}
        for title in pages.values_list("title", flat=True):
            for word in TITLE_WORD.findall(title):
                if len(word) > 1 and not word.isdigit():
                    words.setdefault(word.casefold(), word)
        return " ".join(words.values())


def tagging_relations():
    """The many-to-many relations through which page models tag thematics.

    Read from ThematicPage's reverse relations, so that this app names none of the apps
    that tag (the PPLI, the library…).
    """
    return [
        relation
        for relation in ThematicPage._meta.related_objects
        if relation.many_to_many and issubclass(relation.related_model, Page)
    ]


def tag_rows(field, **page_filter):
    """The rows of a tagging relation (`field`, a page model's `thematics`) whose page
    matches `page_filter` (lookups on the page, e.g. live=True)."""
    lookups = {f"{field.m2m_field_name()}__{key}": value for key, value in page_filter.items()}
    return field.remote_field.through.objects.filter(**lookups)


def thematic_column(field):
    """The column of `field`'s rows that holds the thematic."""
    return f"{field.m2m_reverse_field_name()}_id"


def tagged_pages(thematic):
    """Every page tagged with ``thematic``, as base pages (live or not)."""
    tagged = Q(pk__in=[])
    for relation in tagging_relations():
        models_tagged = relation.related_model.objects.filter(**{relation.field.name: thematic})
        tagged |= Q(pk__in=models_tagged.values("pk"))
    return Page.objects.filter(tagged)


def published_thematics():
    """The live, public thematics in alphabetical order (filters, tags, feeds)."""
    return ThematicPage.objects.live().public().order_by("title")


def thematic_choices(*tagging):
    """(slug, title) of the published thematics, for the thematic filter of a form.

    Given querysets of tagging pages (`thematics` many-to-many field), only the thematics
    that one of them carries: a filter value always finds something. Still one query (the
    pages are subqueries).
    """
    thematics = published_thematics()
    if tagging:
        used = Q(pk__in=[])
        for pages in tagging:
            field = pages.model._meta.get_field("thematics")
            rows = tag_rows(field, pk__in=pages.values("pk"))
            used |= Q(pk__in=rows.values(thematic_column(field)))
        thematics = thematics.filter(used)
    return [(thematic.slug, thematic.title) for thematic in thematics]
