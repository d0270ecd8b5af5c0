"""The XML sitemap, in a fixed number of queries however many pages and page types."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.models import shown_pages


class PortalSitemap(Sitemap):
    """Wagtail's sitemap without reading each page type's table.

    Wagtail loads every page's specific fields (one query per page type) although an entry
    needs only the URL and the publication date, both on the base page; the specific class
    is kept (deferred) so that a page type may still override `get_sitemap_urls`.
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        # A list with nothing in it yet (HiddenWhileEmpty) is left out, as from the menus.
        return (
            shown_pages(Page.objects.descendant_of(root, inclusive=True).live().public())
            .order_by("path")
            .specific(defer=True)
        )
