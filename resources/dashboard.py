"""The library's panel on the editors' dashboard: resources a visitor cannot open (no file, no
link, no video), and their report."""

from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn

from home.dashboard import (
    DashboardPanel,
    DashboardReportView,
    editable_pages,
    french_count,
    guide_url,
)

from .models import ResourcePage

INCOMPLETE_RESOURCES_URL_NAME = "resources_incomplete"


def incomplete_resources(user):
    """The resources `user` may change that offer nothing to open: no document, no link, no
    video (a video is the link of a documentary), in the library's order."""
    return (
        ResourcePage.objects.filter(pk__in=editable_pages(user).values("pk"))
        .filter(document__isnull=True, external_url="", video_url="")
        .order_by("path")
    )


class IncompleteResourcesPanel(DashboardPanel):
    """« Ressources incomplètes »: how many resources lack their file or link."""

    name = "incomplete_resources"
    template_name = "resources/admin/dashboard_incomplete_panel.html"
    order = 245

    def get_panel_data(self, parent_context):
        count = incomplete_resources(parent_context["request"].user).count()
        return {
            "count": count,
            "label": french_count(count, "ressource", "ressources"),
            "url": reverse(INCOMPLETE_RESOURCES_URL_NAME),
            "help_url": guide_url("ressources-incompletes"),
        }


class IncompleteResourcesView(DashboardReportView):
    """« Ressources incomplètes »: the resources behind the panel's count."""

    model = ResourcePage
    page_title = "Ressources incomplètes"
    header_icon = "doc-full"
    intro = (
        "Les ressources sans document, sans lien externe et sans vidéo : leur fiche n'offre "
        "rien à ouvrir ou à télécharger."
    )
    no_results_message = "Chaque ressource a son fichier, son lien ou sa vidéo."
    index_url_name = INCOMPLETE_RESOURCES_URL_NAME
    index_results_url_name = f"{INCOMPLETE_RESOURCES_URL_NAME}_results"
    export_filename = "ressources-incompletes"
    url_prefix = "ressources-incompletes/"
    menu_order = 120
    dashboard_panel = IncompleteResourcesPanel
    columns = [
        DashboardReportView.title_column("Ressource"),
        Column("kind", label="Type", accessor=lambda page: page.get_kind_display()),
        LiveStatusTagColumn(label="Statut"),
        DateColumn("latest_revision_created_at", label="Dernière modification"),
    ]

    def get_queryset(self):
        self.queryset = incomplete_resources(self.request.user)
        return super().get_queryset()
