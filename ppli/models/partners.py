"""The plan's "Par qui ?" and "Pour qui ?" sides: organisations and audiences."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class OrganisationKind(models.TextChoices):
    ASSOCIATIVE = "associatif", _("associatif")
    PUBLIC = "public", _("public")
    PRIVATE = "privé", _("privé")


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

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:255] or "sans-nom"
        super().save(*args, **kwargs)

    @classmethod
    def autocomplete_custom_queryset_filter(cls, search_query, request=None):
        """What the editors' type-ahead (wagtail-autocomplete) offers for what they typed."""
        return cls.objects.filter(cls.name_matches(search_query.strip()))

    @classmethod
    def name_matches(cls, text):
        return models.Q(name__icontains=text)

    def autocomplete_label(self):
        return str(self)


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

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")

    @classmethod
    def name_matches(cls, text):
        # Editors know most partners by their acronym: "CPAS", "FOREm", "CRIPEL".
        return super().name_matches(text) | models.Q(acronym__icontains=text)

    def autocomplete_label(self):
        if self.acronym and self.acronym.casefold() not in self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name


class Audience(SluggedSnippet):
    """A group the plan's actions are meant for (PEOE, travailleurs sociaux, écoles…)."""

    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Une ou deux phrases sur ce public, affichées en tête de sa page."),
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("slug")]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")
