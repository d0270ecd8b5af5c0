"""The directory's panel on the editors' dashboard: entries without a point on the map or
without opening hours, and their report."""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn

from home.dashboard import (
    DashboardPanel,
    DashboardReportView,
    editable_pages,
    french_count,
    guide_url,
)

from .models import DirectoryEntryPage, OpeningHours

INCOMPLETE_ENTRIES_URL_NAME = "directory_incomplete"


def incomplete_entries(user):
    """The entries `user` may change that lack a point or opening hours, drafts included."""
    has_hours = Exists(OpeningHours.objects.filter(entry=OuterRef("pk")))
    return (
        DirectoryEntryPage.objects.filter(pk__in=editable_pages(user).values("pk"))
        .annotate(has_hours=has_hours)
        .filter(Q(latitude__isnull=True) | Q(has_hours=False))
        .order_by("path")
    )


def missing(entry):
    """What an entry of the report lacks, in words."""
    parts = []
    if not entry.has_point:
        parts.append("position")
    if not entry.has_hours:
        parts.append("horaires")
    return ", ".join(parts)


class IncompleteEntriesPanel(DashboardPanel):
    """« Répertoire à compléter »: how many entries lack their point or hours."""

    name = "incomplete_directory_entries"
    template_name = "directory/admin/dashboard_panel.html"
    order = 246

    def get_panel_data(self, parent_context):
        counts = incomplete_entries(parent_context["request"].user).aggregate(
            total=Count("pk"),
            without_point=Count("pk", filter=Q(latitude__isnull=True)),
            without_hours=Count("pk", filter=Q(has_hours=False)),
        )
        return {
            "count": counts["total"],
            "without_point": french_count(counts["without_point"], "fiche", "fiches"),
            "without_hours": french_count(counts["without_hours"], "fiche", "fiches"),
            "url": reverse(INCOMPLETE_ENTRIES_URL_NAME),
            "help_url": guide_url("repertoire-a-completer"),
        }


class IncompleteEntriesView(DashboardReportView):
    """« Répertoire à compléter »: the entries behind the panel's counts."""

    model = DirectoryEntryPage
    page_title = "Répertoire à compléter"
    header_icon = "site"
    intro = (
        "Les fiches du répertoire sans position sur la carte ou sans heures d'ouverture : "
        "elles restent dans la liste, mais un visiteur ne les voit pas sur la carte ou ne sait "
        "pas quand venir."
    )
    no_results_message = "Chaque fiche a sa position et ses heures d'ouverture."
    index_url_name = INCOMPLETE_ENTRIES_URL_NAME
    index_results_url_name = f"{INCOMPLETE_ENTRIES_URL_NAME}_results"
    export_filename = "repertoire-a-completer"
    url_prefix = "repertoire-a-completer/"
    menu_order = 125
    dashboard_panel = IncompleteEntriesPanel
    columns = [
        DashboardReportView.title_column("Fiche"),
        Column("commune", label="Commune"),
        Column("missing", label="Manque", accessor=missing),
        LiveStatusTagColumn(label="Statut"),
        DateColumn("latest_revision_created_at", label="Dernière modification"),
    ]

    def get_queryset(self):
        self.queryset = incomplete_entries(self.request.user)
        return super().get_queryset()
