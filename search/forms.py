"""The site search form: words, type of content and thematic, all in the GET URL."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import FilterForm
from portal.text import clean_query
from resources.models import ResourceKind
from thematiques.models import published_thematics

# Types offered to searchers; resource kinds follow, as "Ressources : mémorandum"…
TYPE_CHOICES = [
    ("", _("Tous les types")),
    ("page", _("Pages du site")),
    ("actualite", _("Actualités")),
    ("ppli", _("Plan (PPLI)")),
    ("ressource", _("Ressources (toutes)")),
] + [(kind, _("Ressources : %(kind)s") % {"kind": label}) for kind, label in ResourceKind.choices]


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
        self.thematics = {thematic.slug: thematic for thematic in published_thematics()}
        self.fields["thematique"].choices = [("", _("Toutes"))] + [
            (slug, thematic.title) for slug, thematic in self.thematics.items()
        ]
