"""The site search form: words, type of content and thematic, all in the GET URL."""

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from core.text import clean_query
from thematiques.models import published_thematics

from .results import RESOURCE_MODEL

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
    """TYPE_CHOICES, then each kind of resource as "Ressources : mémorandum"…

    The kinds are read from the model through the app registry, as results.py reads the
    models it filters on: search imports no module of the apps it searches.
    """
    kinds = apps.get_model(RESOURCE_MODEL)._meta.get_field("kind").choices
    return TYPE_CHOICES + [
        (kind, _("Ressources : %(kind)s") % {"kind": label}) for kind, label in kinds
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
        self.thematics = {thematic.slug: thematic for thematic in published_thematics()}
        self.fields["thematique"].choices = [("", _("Toutes"))] + [
            (slug, thematic.title) for slug, thematic in self.thematics.items()
        ]
