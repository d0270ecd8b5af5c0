"""Admin registrations of the PPLI and its contribution to thematic pages."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .links import thematic_links
from .models import Audience, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "acronym", "kind", "commune"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    menu_label = "Publics"
    list_display = ["name"]
    search_fields = ["name"]


class PPLISnippetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, AudienceViewSet)
    menu_icon = "group"
    menu_label = "Partenaires du PPLI"
    menu_name = "ppli-partners"


register_snippet(PPLISnippetGroup)


@hooks.register("thematic_page_sections")
def ppli_section(thematic):
    """The thematic's PPLI objectives and actions, grouped by axis."""
    return {"template": "ppli/includes/thematic_section.html", **thematic_links(thematic)}
