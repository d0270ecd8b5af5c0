"""Flat admin listings of the editors' everyday pages, with an "add" button that goes straight
to the form (Wagtail's PageListingViewSet: one valid parent means no parent to choose)."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from .models import NewsPage, ResourcePage


class NewsListing(PageListingViewSet):
    """Every news item, whatever its place in the tree."""

    model = NewsPage
    icon = "calendar"
    name = "actualites"
    menu_label = "Actualités"
    menu_order = 110
    add_to_admin_menu = True
    columns = [
        *PageListingViewSet.columns,
        Column("date", label="Date", sort_key="date"),
    ]


class ResourceListing(PageListingViewSet):
    """Every resource (memoranda, directories, fact sheets…), to find and complete them."""

    model = ResourcePage
    icon = "doc-full"
    name = "ressources"
    menu_label = "Ressources"
    menu_order = 120
    add_to_admin_menu = True
    list_filter = ["kind"]


news_listing = NewsListing()
resource_listing = ResourceListing()
