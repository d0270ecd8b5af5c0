"""The site search form: words, type of content and thematic, all in the GET URL."""

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.forms import FilterForm
from core.text import clean_query
from home.models import shown_pages
from thematiques.models import published_thematics

from .results import NEWS_MODEL, RESOURCE_MODEL, SERVICE_MODEL

# Types offered to searchers; resource kinds follow (type_choices).
TYPE_CHOICES = [
    ("", _("Tous les types")),
    ("page", _("Pages du site")),
    ("actualite", _("Actualités")),
    ("ppli", _("Plan (PPLI)")),
    ("service", _("Services (répertoire)")),
    ("ressource", _("Ressources (toutes)")),
]


def type_choices():
    """TYPE_CHOICES, then each kind of resource as "Ressources : mémorandum"…; only the types
    that some live page has (one query), so that a choice always finds something.

    The kinds are read from the model through the app registry, as results.py reads the
    models it filters on: search imports no module of the apps it searches.
    """
    resource_model = apps.get_model(RESOURCE_MODEL)
    models = {
        "actualite": apps.get_model(NEWS_MODEL),
        "service": apps.get_model(SERVICE_MODEL),
        "ressource": resource_model,
    }
    types = ContentType.objects.get_for_models(*models.values())
    # The content types and resource kinds present, in one query: a resource's page row
    # joins its kind, other pages have none. Live pages (no `.public()`, which would cost one
    # more query): a type whose only pages are private is offered and finds nothing.
    present = set(
        Page.objects.live()
        .filter(content_type__in=types.values())
        .values_list("content_type", f"{resource_model._meta.model_name}__kind")
        .distinct()
    )
    content_types = {content_type for content_type, _kind in present}
    kinds = {kind for _content_type, kind in present if kind}
    choices = [
        (value, label)
        for value, label in TYPE_CHOICES
        if value not in models or types[models[value]].pk in content_types
    ]
    return choices + [
        (kind, _("Ressources : %(kind)s") % {"kind": label})
        for kind, label in resource_model._meta.get_field("kind").choices
        if kind in kinds
    ]


class SearchForm(FilterForm):
    """Unknown types or thematics are dropped and reported, never an error."""

    q = forms.CharField(label=_("Mots recherchés"), required=False)
    type = forms.ChoiceField(label=_("Type de contenu"), required=False, choices=TYPE_CHOICES)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)

    def __init__(self, data):
        # Words are cleaned before validation: a NUL or an operator is dropped, not an error.
        data = data.copy()
        data["q"] = clean_query(data.get("q", ""))
        super().__init__(data)
        self.fields["type"].choices = type_choices()
        # A thematic with nothing tagged yet is no filter value (HiddenWhileEmpty).
        self.thematics = {
            thematic.slug: thematic for thematic in shown_pages(published_thematics())
        }
        self.fields["thematique"].choices = [("", _("Toutes"))] + [
            (slug, thematic.title) for slug, thematic in self.thematics.items()
        ]
