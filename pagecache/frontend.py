"""Purging a caching proxy or CDN (wagtail.contrib.frontend_cache) beyond the page itself.

Wagtail purges a published page's own URL. Other pages show it too: its ancestors list it,
its thematic pages and the home page show it in their sections, the feeds carry news. Those
URLs are purged in the same batch. The app's own page cache needs none of this (it forgets
everything at once, see generation.py).
"""

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch


def related_pages(page):
    """The live pages that show ``page``: its ancestors and the thematics it is tagged with."""
    pages = list(page.get_ancestors().live().filter(depth__gt=1))
    thematics = getattr(page.specific, "thematics", None)
    if thematics is not None:
        pages.extend(thematics.live())
    return pages


def purge_related(page):
    """Send the URLs of the pages that show ``page`` (and the news feeds) to the proxy."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_pages(related_pages(page))
    site = page.get_site()
    root = site.root_url if site else ""
    batch.add_urls(root + reverse(name) for name in ("news_rss", "news_atom"))
    batch.purge()
