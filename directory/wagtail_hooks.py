"""Admin registrations of the directory, its dashboard panel and its place on partner pages."""

from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.dashboard import PageEditorsMenuItem, edits_pages

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


@hooks.register("construct_homepage_panels")
def incomplete_entries_panel(request, panels):
    """« Répertoire à compléter », for the groups that edit pages."""
    if edits_pages(request.user):
        panels.append(dashboard.IncompleteEntriesPanel())


@hooks.register("register_admin_urls")
def incomplete_entries_urls():
    """The report behind the panel's counts (and its results, refreshed by the filters)."""
    return dashboard.IncompleteEntriesView.urls(
        "repertoire-a-completer/", dashboard.INCOMPLETE_ENTRIES_URL_NAME
    )


@hooks.register("register_reports_menu_item")
def incomplete_entries_menu_item():
    """The same report under « Rapports »."""
    return PageEditorsMenuItem(
        "Répertoire à compléter",
        reverse(dashboard.INCOMPLETE_ENTRIES_URL_NAME),
        name="repertoire-a-completer",
        icon_name="site",
        order=125,
    )
