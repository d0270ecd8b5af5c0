"""The library's panel on the editors' dashboard: resources a visitor cannot open (no file, no
link, no video), and their report; documents still titled by their file name."""

from django.urls import reverse
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from home.dashboard import (
    DashboardPanel,
    DashboardReportView,
    editable_pages,
    french_count,
    guide_url,
)

from .models import ResourcePage, documents_titled_by_file_name

INCOMPLETE_RESOURCES_URL_NAME = "resources_incomplete"
# The documents the panel lists by name; more are counted.
LISTED_DOCUMENTS = 5


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
        user = parent_context["request"].user
        count = incomplete_resources(user).count()
        documents = documents_to_retitle(user)
        return {
            "count": count,
            "label": french_count(count, "ressource", "ressources"),
            "url": reverse(INCOMPLETE_RESOURCES_URL_NAME),
            "help_url": guide_url("ressources-incompletes"),
            "documents": [
                {"title": document.title, "url": reverse("wagtaildocs:edit", args=[document.pk])}
                for document in documents[:LISTED_DOCUMENTS]
            ],
            "documents_label": french_count(len(documents), "document", "documents"),
            "more_documents": max(len(documents) - LISTED_DOCUMENTS, 0),
            "documents_url": reverse("wagtaildocs:index"),
        }


def documents_to_retitle(user):
    """The documents titled by their file name that `user` may edit (a list)."""
    policy = policy_registry.get_by_type(get_document_model())
    editable = policy.instances_user_has_permission_for(user, "change")
    return list(documents_titled_by_file_name().filter(pk__in=editable.values("pk")))


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
