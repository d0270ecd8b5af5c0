"""Admin views of the shared classifications."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Audience


class AudienceViewSet(SnippetViewSet):
    """The audiences' listing and forms; ppli shows them beside its partners (one menu)."""

    model = Audience
    icon = "user"
    menu_label = "Publics"
    list_display = ["name"]
    search_fields = ["name"]
