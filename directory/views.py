"""Open-data downloads of the directory, next to its page: <directory URL>export.geojson and
export.csv, filtered by the list's GET parameters (exports.py)."""

from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.models import Page

from .exports import csv_response, geojson_response
from .listing import filtered_entries
from .models import DirectoryPage

RESPONSES = {"geojson": geojson_response, "csv": csv_response}


@require_safe
def directory_export(request, directory_path, extension):
    """Wagtail's router only serves paths ending in "/", so the file names get their own URL.
    Served like a page: the page cache keeps it when every filter was recognised."""
    page = Page.find_for_request(request, f"/{directory_path}")
    if page is None or not page.live or page.specific_class is not DirectoryPage:
        raise Http404
    entries, _form = filtered_entries(page.specific, request.GET)
    return RESPONSES[extension](entries, request)
