"""The plan's "Par qui ?" side: organisations. Its "Pour qui ?" audiences are shared with the
library: taxonomies.models.Audience."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from taxonomies.models import SluggedSnippet


class OrganisationKind(models.TextChoices):
    ASSOCIATIVE = "associatif", _("associatif")
    PUBLIC = "public", _("public")
    PRIVATE = "privé", _("privé")


class Organisation(SluggedSnippet):
    """A partner body (CPAS, FOREm, Unia, MRAX…) that carries actions or joins groups."""

    acronym = models.CharField(
        _("sigle"),
        max_length=50,
        blank=True,
        help_text=_(
            "Ex. « CPAS » : affiché sur la page du partenaire ; taper le sigle suffit pour le "
            "choisir dans une action ou un groupe."
        ),
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=OrganisationKind.choices,
        blank=True,
        help_text=_("Affiché sur la page du partenaire ; laissez vide s'il n'est pas connu."),
    )
    website = models.URLField(
        _("site web"),
        blank=True,
        help_text=_("Adresse complète (https://…), en lien sur la page du partenaire."),
    )
    commune = models.CharField(
        _("commune"),
        max_length=100,
        blank=True,
        help_text=_("Affichée sur la page du partenaire."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("website"), FieldPanel("commune")]),
        FieldPanel("slug"),
    ]
    # Searchers know most partners by their acronym, as editors do.
    search_fields = SluggedSnippet.search_fields + [
        index.SearchField("acronym", boost=2),
        index.AutocompleteField("acronym"),
        index.SearchField("commune"),
    ]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")

    # Editors know most partners by their acronym: "CPAS", "FOREm", "CRIPEL".
    matched_fields = ("name", "acronym")

    def autocomplete_label(self):
        if self.acronym and self.acronym.casefold() not in self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name
