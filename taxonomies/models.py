"""Classifications shared by the plan (ppli) and the library (resources): audiences."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.text import folded_matches


class SluggedSnippet(index.Indexed, models.Model):
    """A named snippet with a unique slug, used in its public page's URL."""

    name = models.CharField(
        _("nom"),
        max_length=255,
        unique=True,
        help_text=_(
            "En toutes lettres, tel qu'il s'affiche sur le site ; deux fiches ne peuvent "
            "porter le même nom."
        ),
    )
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Laissé vide, il est tiré du nom."),
    )

    # The site search shows partners and audiences whose name matches (ppli's
    # search_sections hook); the name weighs as a page's title does.
    search_fields = [index.SearchField("name", boost=2), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Save, deriving an empty slug from the name."""
        if not self.slug:
            self.slug = slugify(self.name)[:255] or "sans-nom"
        super().save(*args, **kwargs)

    # What the editors' type-ahead looks in.
    matched_fields = ("name",)

    @classmethod
    def autocomplete_custom_queryset_filter(cls, search_query, request=None):
        """What the editors' type-ahead (wagtail-autocomplete) offers for what they typed:
        "ecoles" or "ÉCOLES" find "Écoles" on both databases."""
        return folded_matches(cls.objects.all(), cls.matched_fields, search_query)

    def autocomplete_label(self):
        """The snippet as the type-ahead lists it."""
        return str(self)


class Audience(SluggedSnippet):
    """A group the plan's actions and the library's resources are meant for (PEOE,
    travailleurs sociaux, écoles…)."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Une ou deux phrases sur ce public, affichées en tête de sa page."),
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("slug")]
    search_fields = SluggedSnippet.search_fields + [index.SearchField("description")]

    class Meta(SluggedSnippet.Meta):
        # The table the model had in ppli: moving the model kept the rows and their ids.
        db_table = "ppli_audience"
        verbose_name = _("public")
        verbose_name_plural = _("publics")
