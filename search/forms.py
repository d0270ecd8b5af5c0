"""The site search form: words, type of content and thematic, all in the GET URL."""

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.forms import FilterForm
from core.text import clean_query
from home.models import shown_pages
from thematiques.models import published_thematics

from .results import EVENT_MODEL, NEWS_MODEL, RESOURCE_MODEL, SERVICE_MODEL

# Types offered to searchers; resource kinds follow (type_choices).
TYPE_CHOICES = [
    ("", _("Tous les types")),
    ("page", _("Pages du site")),
    ("actualite", _("Actualités")),
    ("ppli", _("Plan (PPLI)")),
    ("service", _("Services (répertoire)")),
    ("evenement", _("Événements")),
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
        "evenement": apps.get_model(EVENT_MODEL),
        "ressource": resource_model,
    }
    labels = {value: (m._meta.app_label, m._meta.model_name) for value, m in models.items()}
    wanted = Q(pk__in=[])
    for app_label, model_name in labels.values():
        wanted |= Q(content_type__app_label=app_label, content_type__model=model_name)
    # The page types and resource kinds present, in one query (the content types joined, not
    # looked up): a resource's page row joins its kind, other pages have none. Live pages (no
    # `.public()`, one more query): a type whose only pages are private finds nothing.
    present = set(
        Page.objects.live()
        .filter(wanted)
        .values_list(
            "content_type__app_label",
            "content_type__model",
            f"{resource_model._meta.model_name}__kind",
        )
        .distinct()
    )
    types = {(app_label, model_name) for app_label, model_name, _kind in present}
    kinds = {kind for _app_label, _model_name, kind in present if kind}
    choices = [
        (value, label)
        for value, label in TYPE_CHOICES
        if value not in labels or labels[value] in types
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
