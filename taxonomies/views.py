"""Admin views of the shared classifications."""

from core.snippet_views import StaffListViewSet

from .models import Audience


class AudienceViewSet(StaffListViewSet):
    """The audiences' listing and forms; ppli shows them beside its partners (one menu)."""

    model = Audience
    icon = "user"
    menu_label = "Publics"
    list_display = ["name"]
    search_fields = ["name"]
