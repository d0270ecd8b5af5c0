"""Per-request preparation shared by every page a request renders."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import get_page_models

from . import restrictions


class PageRequestMiddleware:
    """Read the view restrictions once per request and every page type in one query.

    Wagtail resolves a page's type through Django's content-type cache, one query per type
    on a cold process (the home page, each level of the URL, each listed type); one query
    fills it for every page type, and then costs nothing for the life of the process.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ContentType.objects.get_for_models(*get_page_models(), for_concrete_models=False)
        token = restrictions.start_request()
        try:
            return self.get_response(request)
        finally:
            restrictions.end_request(token)
