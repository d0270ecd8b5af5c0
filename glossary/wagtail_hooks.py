"""The acronyms in the admin, beside the other snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Abbreviation


class AbbreviationViewSet(SnippetViewSet):
    """Sigles: published ones are explained on the site and listed on /glossaire/."""

    model = Abbreviation
    icon = "help"
    menu_label = "Sigles"
    list_display = ["acronym", "expansion", "source", "live"]
    list_filter = ["live"]
    search_fields = ["acronym", "expansion"]


register_snippet(AbbreviationViewSet)
