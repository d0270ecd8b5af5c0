"""Admin registrations of the directory, its dashboard panel and its place on partner and
thematic pages."""

from django.db.models import Count, Window
from django.utils.http import urlencode
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.dashboard import register_report
from thematiques.models import SECTION_ORDER, SECTIONS_HOOK

from . import dashboard
from .admin_listings import LanguageViewSet, ServiceKindViewSet, entry_listing
from .models import DirectoryEntryPage

register_snippet(ServiceKindViewSet)
register_snippet(LanguageViewSet)


@hooks.register("register_admin_viewset")
def register_entry_listing():
    """The « Répertoire » admin menu item: every entry, with an "add" button."""
    return entry_listing


@hooks.register("organisation_page_sections")
def organisation_entries_section(organisation, request):
    """The published entries of a PPLI partner, on its public page (ppli calls this hook)."""
    entries = DirectoryEntryPage.objects.live().public().filter(organisation=organisation)
    return {
        "template": "directory/includes/organisation_section.html",
        "entries": list(entries.select_related("kind").order_by("commune", "title")),
        "anchor": "services-repertoire",
        "heading": "Services dans le répertoire",
    }


# Services shown on a thematic page; the others are one link away, in the directory filtered
# by the thematic.
THEMATIC_ENTRIES = 6


@hooks.register(SECTIONS_HOOK, order=SECTION_ORDER["directory"])
def thematic_entries_section(thematic):
    """The first published services tagged with the thematic, how many there are, and the
    directory filtered by it: one query, however many there are."""
    entries = list(
        DirectoryEntryPage.objects.live()
        .public()
        .filter(thematics=thematic)
        .defer_streamfields()
        .select_related("kind")
        .annotate(total=Window(Count("pk")))
        .order_by("commune", "title")[:THEMATIC_ENTRIES]
    )
    total = entries[0].total if entries else 0
    # The directory page is every entry's parent (DirectoryEntryPage.parent_page_types).
    directory_path = entries[0].url_path.rstrip("/").rsplit("/", 1)[0] + "/" if entries else ""
    return {
        "template": "directory/includes/thematic_section.html",
        "entries": entries,
        "directory_path": directory_path,
        "query": urlencode({"thematique": thematic.slug}),
        "more_text": ngettext(
            "Voir ce service dans le répertoire",
            "Voir les %(n)d services dans le répertoire",
            total,
        )
        % {"n": total},
        "anchor": "thematique-services",
        "heading": "Services du répertoire",
        "summary": ngettext("%(n)d service du répertoire", "%(n)d services du répertoire", total)
        % {"n": total}
        if total
        else "",
    }


# « Répertoire à compléter »: the panel, the report behind its counts and its entry under
# « Rapports », for the groups that edit pages.
register_report(dashboard.IncompleteEntriesView)
