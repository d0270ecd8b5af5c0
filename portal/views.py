"""Project-level views: robots.txt, the API index, the favicon and the 500 page."""

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from .api import ENDPOINTS


@require_safe
def robots_txt(request):
    """Crawl rules; the sitemap address is absolute, as the protocol asks."""
    return TemplateResponse(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )


@require_safe
def api_index(request):
    """List the endpoints of the content API, so /api/v2/ is not a dead end."""
    return JsonResponse(
        {
            "endpoints": {
                name: request.build_absolute_uri(reverse(f"wagtailapi:{name}:listing"))
                for name in ENDPOINTS
            }
        }
    )


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def server_error(request):
    """The 500 page (handler500): Django's own view, except that the page says the team was
    told only when someone is (settings.ADMINS). Nothing here may fail: no database, no
    request context."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"team_is_told": bool(settings.ADMINS)}))
