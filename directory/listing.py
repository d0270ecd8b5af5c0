"""The directory's list: filters in shareable GET parameters, and pagination.

The exports (exports.py) and the map read the same filtered entries (`filtered_entries`), so
the list, the map and the downloads always agree.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, other_pages_query, paginate
from core.text import clean_query
from taxonomies.models import Audience
from thematiques.models import thematic_choices

from .models import DirectoryEntryPage, Language, ServiceKind

PER_PAGE = 20
# GET parameter: the entries' many-to-many relation it filters on (by slug).
MANY_TO_MANY_FILTERS = {"thematique": "thematics", "public": "audiences", "langue": "languages"}
ANY = [("", _("Tous"))]
ANY_FEMININE = [("", _("Toutes"))]


class DirectoryFilterForm(FilterForm):
    """Filters of the directory; unknown values are dropped and named, never an error."""

    q = forms.CharField(label=_("Mots recherchés"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type de service"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    public = forms.ChoiceField(label=_("Public"), required=False)
    langue = forms.ChoiceField(label=_("Langue parlée"), required=False)

    def __init__(self, data, entries):
        super().__init__(data)
        # Only the values some published entry has: a filter never offers an empty list.
        kinds = ServiceKind.objects.filter(entries__in=entries).distinct()
        self.fields["type"].choices = ANY + [(kind.slug, kind.name) for kind in kinds]
        communes = entries.exclude(commune="").order_by("commune").values_list("commune", flat=True)
        self.fields["commune"].choices = ANY_FEMININE + [(c, c) for c in communes.distinct()]
        self.fields["thematique"].choices = ANY_FEMININE + thematic_choices(entries)
        audiences = Audience.objects.filter(directory_entries__in=entries).distinct()
        self.fields["public"].choices = ANY + [(a.slug, a.name) for a in audiences]
        languages = Language.objects.filter(entries__in=entries).distinct()
        self.fields["langue"].choices = ANY_FEMININE + [(x.slug, x.name) for x in languages]


def filtered_entries(directory_page, data):
    """(the live public entries the GET ``data`` asks for, the filter form)."""
    entries = DirectoryEntryPage.objects.child_of(directory_page).live().public()
    form = DirectoryFilterForm(data, entries)
    wanted = form.wanted()
    if "type" in wanted:
        entries = entries.filter(kind__slug=wanted["type"])
    if "commune" in wanted:
        entries = entries.filter(commune=wanted["commune"])
    # A filter on a many-to-many relation may match an entry twice: only then is DISTINCT
    # needed, which costs a sort of the whole directory.
    for name, relation in MANY_TO_MANY_FILTERS.items():
        if name in wanted:
            entries = entries.filter(**{f"{relation}__slug": wanted[name]}).distinct()
    query = clean_query(wanted.get("q", ""))
    if query:
        found = DirectoryEntryPage.objects.child_of(directory_page).live().search(query)
        entries = entries.filter(pk__in=[page.pk for page in found])
    return entries.select_related("kind").order_by("commune", "title"), form


def directory_context(directory_page, request):
    """The filtered and paginated entries of the directory page, and its map's data URL."""
    entries, form = filtered_entries(directory_page, request.GET)
    results = paginate(entries, PER_PAGE, request)
    query_string = other_pages_query(request)
    page_url = directory_page.get_url(request)
    geojson_url = f"{page_url}export.geojson"
    return {
        "directory_form": form,
        "directory_results": results,
        # The map only when one of the entries has a position (it would show none).
        "directory_map": bool(results) and entries.exclude(latitude=None).exists(),
        "directory_filters_active": bool(form.wanted()),
        "directory_ignored": form.ignored,
        "directory_query_string": query_string,
        "directory_geojson_url": f"{geojson_url}?{query_string}" if query_string else geojson_url,
        "directory_csv_url": f"{page_url}export.csv",
    }


def service_list_context(page, request):
    """The published entries of a ServiceListPage's kind, wherever they are in the tree."""
    entries = DirectoryEntryPage.objects.live().public().filter(kind=page.kind_id)
    return {"service_entries": entries.select_related("kind").order_by("commune", "title")}
