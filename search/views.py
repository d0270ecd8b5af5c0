"""The site search page and its autocomplete endpoint."""

from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.forms import other_pages_query
from core.text import clean_query

from . import query as search_query
from .forms import SearchForm
from .models import ZeroResultSearch
from .ranking import RankedResults
from .results import describe, pages_of_thematic, pages_of_type, upcoming_first
from .sections import search_sections
from .statistics import counts_in_statistics
from .suggestions import FEW_RESULTS, spelling_suggestion, suggestion_query

RESULTS_PER_PAGE = 10
# The engine's first results re-ranked (search/ranking.py): the first two pages of results.
RERANKED = 2 * RESULTS_PER_PAGE
SUGGESTIONS = 8


@require_safe
def search(request):
    """Search every live public page; odd input yields a message, never an error."""
    form = SearchForm(request.GET)
    wanted = form.wanted()
    query = wanted.get("q", "")
    kind = wanted.get("type", "")
    thematic = form.thematics.get(wanted.get("thematique", ""))
    context = {"form": form, "query": query, "filters_active": bool(kind or thematic)}
    if query:
        pages = pages_of_type(Page.objects.all().live().public(), kind)
        if thematic:
            pages = pages_of_thematic(pages, thematic)
        search_plan = search_query.plan(query)
        ranked = RankedResults(
            search_query.run(pages, search_plan, query),
            query,
            RERANKED,
            equivalents=search_plan.equivalents,
            then=upcoming_first if kind == "evenement" else None,
        )
        results = Paginator(ranked, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context["results"] = results
        context["described_results"] = describe(results.object_list, query)
        first_page = "page" not in request.GET
        context["promotions"] = _promotions(query) if first_page else []
        context["query_string"] = other_pages_query(request)
        # Partners and audiences (search/sections.py): not pages, so no filter applies to
        # them. Read on every page of results, so that the total does not change from one to
        # the next; shown on the first.
        sections = [] if context["filters_active"] else search_sections(request, query)
        context["sections"] = sections if first_page else []
        found = results.paginator.count + sum(len(section.results) for section in sections)
        context["found"] = found
        if found < FEW_RESULTS:
            # A mistyped word? PostgreSQL only (search/suggestions.py).
            suggestion = spelling_suggestion(pages, query)
            if suggestion:
                context["suggestion"] = suggestion
                context["suggestion_query"] = suggestion_query(request, suggestion)
        # One hit per search, not per page of results; robots' and floods' are not counted.
        if first_page and counts_in_statistics(request):
            record_search(query)
            # A filter that leaves nothing says nothing of the words: only plain searches.
            if not found and not context["filters_active"]:
                ZeroResultSearch.record(query)
    response = TemplateResponse(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def _promotions(query):
    """The editor's picks for this query (Paramètres › Résultats de recherche promus)."""
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .filter(Q(page__isnull=True) | Q(page__live=True))
        .select_related("page")
    )


def record_search(query):
    """Count a search for Rapports › Termes de recherche, as Wagtail's `Query.add_hit` does.

    Once the words have been searched that day, a single UPDATE counts the search (Wagtail
    reads the query, then its day, then writes: three queries on every search).
    """
    today = timezone.now().date()
    counted = QueryDailyHits.objects.filter(
        query__query_string=normalise_query_string(query), date=today
    ).update(hits=F("hits") + 1)
    if not counted:
        Query.get(query).add_hit(date=today)


@require_safe
def autocomplete(request):
    """Titles of pages starting with the words typed, as JSON: {"results": [{title, url}]}."""
    query = clean_query(request.GET.get("q", ""))
    suggestions = []
    if query:
        pages = Page.objects.all().live().public().autocomplete(query)[:SUGGESTIONS]
        suggestions = [{"title": page.title, "url": page.get_url(request)} for page in pages]
    response = JsonResponse({"query": query, "results": suggestions})
    response["X-Robots-Tag"] = "noindex"
    return response
