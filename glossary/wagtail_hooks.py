"""The acronyms and the search synonyms in the admin, beside the other snippets."""

from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet

from core.snippet_views import StaffListViewSet

from .models import Abbreviation, SearchSynonym


class AbbreviationViewSet(StaffListViewSet):
    """Sigles: published ones are explained on the site and listed on /glossaire/."""

    model = Abbreviation
    icon = "help"
    menu_label = "Sigles"
    # Wagtail's BooleanColumn says "True"/"False" to screen readers: the status tag reads
    # "en ligne"/"brouillon".
    list_display = ["acronym", "expansion", "source", LiveStatusTagColumn()]
    list_filter = ["live"]
    search_fields = ["acronym", "expansion"]


register_snippet(AbbreviationViewSet)


class SearchSynonymViewSet(StaffListViewSet):
    """Synonymes de recherche: each line makes the site search find one word by another."""

    model = SearchSynonym
    icon = "search"
    menu_label = "Synonymes de recherche"
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]
    read_only_note = (
        "Vous pouvez consulter cette liste, pas la modifier : un synonyme change ce que trouve "
        "la recherche de tout le site. L'équipe Publication les ajoute et les modifie ; "
        "proposez-lui ceux qui manquent."
    )


register_snippet(SearchSynonymViewSet)
