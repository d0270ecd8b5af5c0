"""Links to pages inside rich text lead only to published pages.

Wagtail writes the link of an unpublished page as usual, and the visitor lands on a 404: a
link to a draft (a page staff have yet to write) stays plain text until the page is published.
"""

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler


class PublishedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler (registered in its place), for live pages only."""

    @classmethod
    def get_many(cls, attrs_list):
        # The URL needs no page type: one query for every link of the text.
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        found = Page.objects.filter(id__in=ids).defer_streamfields()
        pages = {str(page.id): page for page in found}
        return [pages.get(id_) for id_ in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(page.localized.url)}">' if page is not None and page.live else "<a>"
            for page in cls.get_many(attrs_list)
        ]
