"""Project-level views: site search, robots.txt and the API index."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from .api import ENDPOINTS
from .text import clean_query

RESULTS_PER_PAGE = 10


@require_safe
def search(request):
    """Search every live public page; odd input yields a message, never an error."""
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        # No .specific(): titles and types are enough, and the query count stays flat.
        pages = Page.objects.live().public().search(query)
        paginator = Paginator(pages, RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    response = TemplateResponse(request, "search/search.html", {"query": query, "results": results})
    response["X-Robots-Tag"] = "noindex"
    return response


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
