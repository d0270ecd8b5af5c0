"""« Recherches sans résultat »: the searches of the last 30 days that found nothing, on the
editors' dashboard and in a report (Rapports), each with what an editor can do about it:

- « Ajouter un synonyme » (Fragments › Synonymes de recherche): the words searched find the
  pages that say them otherwise;
- « Promouvoir une page » (Paramètres › Résultats de recherche promus): a page shown first for
  exactly these words. Wagtail keeps every counted search as a Query, so the link usually opens
  the promotions of these very words, already typed; without one, the empty form.

Only those who may do one of the two see the panel, the report and its menu entry (the
Publication group); each shows the actions its reader may do.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.formats import date_format
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.permissions import policy_registry

from glossary.models import SearchSynonym
from home.dashboard import DashboardPanel, DashboardReportMixin, guide_url

from .models import RECENT_DAYS, ZeroResultSearch

ZERO_RESULTS_URL_NAME = "search_zero_results"
PANEL_ROWS = 10
GUIDE_SECTION = "recherches-sans-resultat"


def may_add_synonym(user):
    """May create search synonyms (Fragments › Synonymes de recherche)."""
    return SearchSynonym.snippet_viewset.permission_policy.user_has_permission(user, "add")


def promotion_policy():
    return policy_registry.get_by_type(SearchPromotion)


def may_promote(user):
    """May add editor's picks (Paramètres › Résultats de recherche promus)."""
    return promotion_policy().user_has_permission(user, "add")


def acts_on_zero_results(user):
    """May do something about a search that found nothing: who sees the panel and report."""
    return may_add_synonym(user) or may_promote(user)


def zero_result_searches():
    """The searches of the last RECENT_DAYS days that found nothing, one row per query (words,
    total, last date, the id of Wagtail's Query of the same words or None), in one query."""
    query_id = Query.objects.filter(query_string=OuterRef("query_string")).values("pk")[:1]
    return (
        ZeroResultSearch.objects.since(RECENT_DAYS)
        .by_query()
        .annotate(promotion_query_id=Subquery(query_id))
    )


class Actions:
    """The one-click actions on a search that found nothing, for one user; the permissions
    are read once per panel or report, not once per row."""

    def __init__(self, user):
        self.synonym_url = (
            reverse(SearchSynonym.snippet_viewset.get_url_name("add"))
            if may_add_synonym(user)
            else ""
        )
        self.may_promote = may_promote(user)
        # The promotions of a query that exists are changed in Wagtail's edit view.
        self.may_change_promotions = promotion_policy().user_has_permission(user, "change")

    def promotion_url(self, row):
        """The promotions of these words, when Wagtail knows them and the user may change
        them; otherwise the form that adds promotions (the words to type again)."""
        if not self.may_promote:
            return ""
        if row["promotion_query_id"] is not None and self.may_change_promotions:
            return reverse("wagtailsearchpromotions:edit", args=[row["promotion_query_id"]])
        return reverse("wagtailsearchpromotions:add")

    def for_row(self, row):
        """[(label, url)] of the actions the user may do on this row."""
        actions = []
        if self.synonym_url:
            actions.append(("Ajouter un synonyme", self.synonym_url))
        promotion_url = self.promotion_url(row)
        if promotion_url:
            actions.append(("Promouvoir une page", promotion_url))
        return actions


def describe_row(row, actions):
    """What the panel and the report show of a row."""
    return {
        "query": row["query_string"],
        "total": row["total"],
        "last_date": row["last_date"],
        "actions": actions.for_row(row),
    }


class ZeroResultSearchesPanel(DashboardPanel):
    """« Recherches sans résultat (30 derniers jours) »: the most searched words that found
    nothing, each with its actions. One query, whatever the number of searches."""

    name = "zero_result_searches"
    template_name = "search/admin/zero_results_panel.html"
    # After « Ressources incomplètes » (245) and Wagtail's recent edits (250).
    order = 260

    def get_panel_data(self, parent_context):
        request = parent_context["request"]
        actions = Actions(request.user)
        rows = [describe_row(row, actions) for row in zero_result_searches()[:PANEL_ROWS]]
        return {
            "heading": f"Recherches sans résultat ({RECENT_DAYS} derniers jours)",
            "rows": rows,
            "days": RECENT_DAYS,
            "report_url": reverse(ZERO_RESULTS_URL_NAME),
            "help_url": guide_url(GUIDE_SECTION),
        }


class ActionsColumn(Column):
    """The row's one-click actions, each link naming the words it acts on for screen readers."""

    cell_template_name = "search/admin/zero_results_actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["query"] = instance["query_string"]
        actions = parent_context.get("zero_result_actions") or Actions(
            parent_context["request"].user
        )
        context["actions"] = actions.for_row(instance)
        return context


def last_date_label(row):
    return date_format(row["last_date"], "j F Y")


class ZeroResultSearchesView(DashboardReportMixin, ReportView):
    """« Recherches sans résultat »: every search of the last 30 days that found nothing,
    most frequent first, with its actions; exported as CSV or XLSX."""

    page_title = "Recherches sans résultat"
    header_icon = "search"
    intro = (
        f"Les mots cherchés par les visiteurs ces {RECENT_DAYS} derniers jours qui n'ont trouvé "
        "aucune page (les recherches filtrées, celles des robots et les rafales d'une même "
        "adresse ne sont pas comptées). Un synonyme fait trouver les pages qui disent la chose "
        "autrement ; une page promue s'affiche en tête pour ces mots exactement."
    )
    no_results_message = f"Aucune recherche sans résultat ces {RECENT_DAYS} derniers jours."
    index_url_name = ZERO_RESULTS_URL_NAME
    index_results_url_name = f"{ZERO_RESULTS_URL_NAME}_results"
    export_filename = "recherches-sans-resultat"
    url_prefix = "recherches-sans-resultat/"
    # After the dashboard's other reports (100-125).
    menu_order = 130
    dashboard_panel = ZeroResultSearchesPanel
    default_ordering = "-total"
    columns = [
        Column("query_string", label="Recherche", sort_key="query_string"),
        NumberColumn("total", label="Nombre de recherches", sort_key="total"),
        Column("last_date", label="Dernière fois", accessor=last_date_label, sort_key="last_date"),
        ActionsColumn("actions", label="Actions"),
    ]
    list_export = ["query_string", "total", "last_date"]
    export_headings = {
        "query_string": "Recherche",
        "total": "Nombre de recherches",
        "last_date": "Dernière fois",
    }

    def dispatch(self, request, *args, **kwargs):
        if not acts_on_zero_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.queryset = zero_result_searches()
        return super().get_queryset()

    def order_queryset(self, queryset):
        """The chosen column's order, then the words: the report's pages never overlap."""
        return queryset.order_by(self.ordering or self.default_ordering, "query_string")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["zero_result_actions"] = Actions(self.request.user)
        return context
