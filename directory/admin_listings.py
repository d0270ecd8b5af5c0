"""The directory's admin menu: its entries as a flat listing with an "add" button (Wagtail's
PageListingViewSet), beside the kinds and languages staff extend (snippets)."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.snippet_views import StaffListViewSet

from .models import DirectoryEntryPage, Language, ServiceKind


class EntryListing(PageListingViewSet):
    """Every entry of the directory, to find and complete it."""

    model = DirectoryEntryPage
    icon = "site"
    name = "repertoire"
    menu_label = "Répertoire"
    menu_order = 125
    add_to_admin_menu = True
    columns = [
        *PageListingViewSet.columns,
        Column("commune", label="Commune", sort_key="commune"),
    ]
    list_filter = ["kind"]


class ServiceKindViewSet(StaffListViewSet):
    """The kinds of service offered in the directory's filter."""

    model = ServiceKind
    icon = "tag"
    menu_label = "Types de service"
    list_display = ["name", "schema_type"]
    search_fields = ["name"]


class LanguageViewSet(StaffListViewSet):
    """The languages offered in the directory's filter."""

    model = Language
    icon = "comment"
    menu_label = "Langues"
    list_display = ["name", "code"]
    search_fields = ["name"]


entry_listing = EntryListing()
