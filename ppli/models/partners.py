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

    name = models.CharField(_("nom"), max_length=255, unique=True)
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


class Organisation(SluggedSnippet):
    """A partner body (CPAS, FOREm, Unia, MRAX…) that carries actions or joins groups."""

    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices, blank=True)
    website = models.URLField(_("site web"), blank=True)
    commune = models.CharField(_("commune"), max_length=100, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("website"), FieldPanel("commune")]),
        FieldPanel("slug"),
    ]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")


class Audience(SluggedSnippet):
    """A group the plan's actions are meant for (PEOE, travailleurs sociaux, écoles…)."""

    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("slug")]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")
