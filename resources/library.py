"""The library listing: filters in shareable GET parameters, search and pagination."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, other_pages_query, paginate
from core.text import clean_query
from home import images
from home.images import prefetch_image
from taxonomies.models import Audience
from thematiques.models import thematic_choices

from .models import ResourceKind, ResourcePage

PER_PAGE = 12
ANY = [("", _("Tous"))]


class LibraryFilterForm(FilterForm):
    """Filters of the library; unknown values are dropped and reported, never an error."""

    q = forms.CharField(label=_("Mots recherchés"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=ANY + ResourceKind.choices)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    annee = forms.ChoiceField(label=_("Année"), required=False)
    public = forms.ChoiceField(label=_("Public"), required=False)

    def __init__(self, data, resources):
        super().__init__(data)
        self.fields["thematique"].choices = ANY + thematic_choices(resources)
        # Only the values some listed resource has: a filter never offers an empty list. The
        # kinds and years come in one query.
        present = set(resources.order_by().values_list("kind", "year").distinct())
        kinds = {kind for kind, _year in present}
        years = sorted({year for _kind, year in present if year is not None}, reverse=True)
        self.fields["type"].choices = ANY + [c for c in ResourceKind.choices if c[0] in kinds]
        self.fields["annee"].choices = ANY + [(str(y), str(y)) for y in years]
        used = Audience.objects.filter(resources__in=resources).distinct()
        self.fields["public"].choices = ANY + [(a.slug, a.name) for a in used]


def library_context(index_page, request):
    """The filtered, searched and paginated resources of a library page."""
    resources = ResourcePage.objects.child_of(index_page).live().public()
    form = LibraryFilterForm(request.GET, resources)
    wanted = form.wanted()
    if "type" in wanted:
        resources = resources.filter(kind=wanted["type"])
    if "thematique" in wanted:
        resources = resources.filter(thematics__slug=wanted["thematique"])
    if "annee" in wanted:
        resources = resources.filter(year=int(wanted["annee"]))
    if "public" in wanted:
        resources = resources.filter(audiences__slug=wanted["public"])
    query = clean_query(wanted.get("q", ""))
    if query:
        found = ResourcePage.objects.child_of(index_page).live().search(query)
        resources = resources.filter(pk__in=[page.pk for page in found])
    resources = (
        resources.distinct()
        .select_related("document")
        .prefetch_related(
            "thematics",
            prefetch_image("cover_image", images.CARD),
        )
        .order_by(F("year").desc(nulls_last=True), F("date").desc(nulls_last=True), "title")
    )
    results = paginate(resources, PER_PAGE, request)
    return {
        "library_form": form,
        "library_results": results,
        "library_filters_active": bool(wanted),
        "library_ignored": form.ignored,
        "library_query_string": other_pages_query(request),
    }
