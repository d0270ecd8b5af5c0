"""Open-data downloads of the directory, next to its page: <directory URL>export.geojson and
export.csv, filtered by the list's GET parameters (exports.py). A private directory's files
are as private as its page (core/page_privacy.py)."""

from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core.page_privacy import serve_beside

from .exports import csv_response, geojson_response
from .listing import filtered_entries
from .models import DirectoryPage

RESPONSES = {"geojson": geojson_response, "csv": csv_response}


@require_safe
def directory_export(request, directory_path, extension):
    """Wagtail's router only serves paths ending in "/", so the file names get their own URL.
    Served like a page: private when the page is, and kept by the page cache when every filter
    was recognised (never a private one: core/page_privacy.py marks it "never cache")."""
    page = Page.find_for_request(request, f"/{directory_path}")
    if page is None or not page.live or page.specific_class is not DirectoryPage:
        raise Http404
    directory = page.specific
    return serve_beside(directory, request, lambda: export(directory, request, extension))


def export(directory, request, extension):
    """The directory's file, filtered by the request's GET parameters."""
    entries, _form = filtered_entries(directory, request.GET)
    return RESPONSES[extension](entries, request)
