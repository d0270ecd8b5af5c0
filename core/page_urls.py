"""Page URLs from their `url_path`, for lists of hundreds of pages read as plain rows.

`Page.get_url()` finds the page's site and reverses Wagtail's serve view for every link; a list
read with `values()` has no Page objects to ask. This does the same work once per request: the
site roots (Wagtail's own cached list) and the serve view's prefix, then one string operation
per link.
"""

from django.urls import reverse
from wagtail.models import Site

from .request_cache import once_per_request

REQUEST_ATTRIBUTE = "_portal_path_urls"


class PathUrls:
    """Turns a page's `url_path` into its URL as `Page.get_url(request)` would write it:
    relative on the request's site (or the only site), absolute on another, None outside."""

    def __init__(self, request=None):
        site = Site.find_for_request(request) if request is not None else None
        self.site_id = site.pk if site else None
        # The request's site first, then the longest root: the most specific site wins, as in
        # Wagtail's own lookup.
        self.roots = sorted(
            Site.get_site_root_paths(),
            key=lambda root: (root.site_id != self.site_id, -len(root.root_path)),
        )
        # Where Wagtail's catch-all view is mounted ("/" here, but urls.py decides).
        self.prefix = reverse("wagtail_serve", args=("",))

    def current_site_root(self):
        """(root url_path, URL prefix) of the pages that get relative URLs: the current
        site's (or the only site's); (None, None) when there is none."""
        for root in self.roots:
            if root.site_id == self.site_id or len(self.roots) == 1:
                return root.root_path, self.prefix
        return None, None

    def __call__(self, url_path):
        for root in self.roots:
            if url_path.startswith(root.root_path):
                relative = self.prefix + url_path[len(root.root_path) :]
                # Wagtail writes relative URLs on the current site, and on a one-site setup.
                if root.site_id == self.site_id or len(self.roots) == 1:
                    return relative
                return root.root_url + relative
        return None


def path_urls(request):
    """The request's PathUrls, built once per request."""
    return once_per_request(request, REQUEST_ATTRIBUTE, PathUrls)
