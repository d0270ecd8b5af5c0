"""The directory of services: entries (one page each), their kinds and languages.

The list's filters, map data and exports are built by listing.py and exports.py, which read
these models; these models import none of them (pyproject.toml, [tool.importlinter]). The
PPLI organisation of an entry is a lazy reference ("ppli.Organisation"): the two apps import
each other's code nowhere; the partner's page lists its entries through a hook
(wagtail_hooks.py).
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable
from wagtail.search import index
from wagtailautocomplete.edit_handlers import AutocompletePanel

from home.models import BasePage, HiddenWhileEmpty, published, without_live_children
from taxonomies.models import SluggedSnippet


class SchemaType(models.TextChoices):
    """The schema.org type an entry's JSON-LD block declares."""

    GOVERNMENT_OFFICE = "GovernmentOffice", _("service public (GovernmentOffice)")
    ORGANIZATION = "Organization", _("organisation (Organization)")


class ServiceKind(SluggedSnippet):
    """A kind of service (bureau d'accueil, cours de FLE, CPAS…): a list staff can extend."""

    schema_type = models.CharField(
        _("type schema.org"),
        max_length=30,
        choices=SchemaType.choices,
        default=SchemaType.ORGANIZATION,
        help_text=_(
            "Pour les moteurs de recherche : « service public » pour un CPAS, une commune ou un "
            "bureau d'accueil ; « organisation » sinon."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("schema_type"), FieldPanel("slug")]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("type de service")
        verbose_name_plural = _("types de service")


class Language(SluggedSnippet):
    """A language a service's staff speak with visitors."""

    code = models.CharField(
        _("code ISO 639-1"),
        max_length=3,
        blank=True,
        help_text=_("Deux lettres (fr, nl, en, ar…) ; sert aux données ouvertes."),
    )

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("slug")]

    class Meta(SluggedSnippet.Meta):
        verbose_name = _("langue")
        verbose_name_plural = _("langues")


class DirectoryPage(HiddenWhileEmpty, BasePage):
    """The public directory at /ressources/repertoires-et-cartographies/: list, filters, map.

    Out of the menus and listings while it holds no published entry (HiddenWhileEmpty).
    """

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = ["directory.DirectoryEntryPage"]

    class Meta:
        verbose_name = _("répertoire des services")

    @classmethod
    def empty_pages(cls):
        """The directories without a published entry."""
        return without_live_children(cls, DirectoryEntryPage)


class ServiceListPage(BasePage):
    """A page listing the entries of one kind ("Bureau d'accueil" under Contact)."""

    kind = models.ForeignKey(
        ServiceKind,
        verbose_name=_("type de service listé"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("La page liste toutes les fiches publiées de ce type."),
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("liste de services d'un type")


class Weekday(models.IntegerChoices):
    """ISO 8601 weekday numbers, as schema.org and the exports write them."""

    MONDAY = 1, _("lundi")
    TUESDAY = 2, _("mardi")
    WEDNESDAY = 3, _("mercredi")
    THURSDAY = 4, _("jeudi")
    FRIDAY = 5, _("vendredi")
    SATURDAY = 6, _("samedi")
    SUNDAY = 7, _("dimanche")


# schema.org's names of the days (https://schema.org/Monday…): the members' names.
SCHEMA_DAYS = {day.value: day.name.capitalize() for day in Weekday}

postcode_validator = RegexValidator(
    r"^\d{4}$", _("Un code postal belge : quatre chiffres, par exemple 5000.")
)
latitude_validators = [MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))]
longitude_validators = [MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))]


def coordinate_field(label, validators, help_text):
    """A latitude or longitude: six decimals place a door within about ten centimetres."""
    return models.DecimalField(
        label,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=validators,
        help_text=help_text,
    )


class DirectoryEntryPage(BasePage):
    """One service of the directory: who, what, where, when, in which languages."""

    ref = models.SlugField(
        _("identifiant stable"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Sert aux imports et aux données ouvertes ; laissé vide, il est tiré de l'adresse "
            "de la page. Ne le changez pas une fois publié."
        ),
    )
    kind = models.ForeignKey(
        ServiceKind,
        verbose_name=_("type de service"),
        on_delete=models.PROTECT,
        related_name="entries",
        help_text=_(
            "Choisissez dans la liste ; ajoutez un type dans Fragments › Types de service."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Ce que le service propose, en deux ou trois phrases simples."),
    )
    street = models.CharField(
        _("rue et numéro"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « rue de Fer 42 » ; laissez vide si elle n'est pas connue."),
    )
    postcode = models.CharField(
        _("code postal"),
        max_length=4,
        blank=True,
        validators=[postcode_validator],
        help_text=_("Quatre chiffres, par exemple 5000."),
    )
    commune = models.CharField(
        _("commune"),
        max_length=100,
        blank=True,
        help_text=_(
            "Telle qu'on l'écrit, par exemple « Namur » ou « Saint-Servais » : sert au filtre."
        ),
    )
    latitude = coordinate_field(
        _("latitude"),
        latitude_validators,
        _("Par exemple 50.4669 ; cliquez sur la carte pour la remplir."),
    )
    longitude = coordinate_field(
        _("longitude"), longitude_validators, _("Par exemple 4.8675 ; remplie avec la latitude.")
    )
    uses_centre_contact = models.BooleanField(
        _("coordonnées du C.A.I."),
        default=False,
        help_text=_(
            "Cochez pour un bureau du centre : le téléphone et l'e-mail affichés sont ceux de "
            "Paramètres › Coordonnées, logo et soutiens, et suivent leurs changements."
        ),
    )
    phone = models.CharField(
        _("téléphone"),
        max_length=40,
        blank=True,
        help_text=_("Comme on l'écrit, par exemple « 081 12 34 56 » : un bouton l'appelle."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("L'adresse à laquelle le public peut écrire.")
    )
    website = models.URLField(
        _("site web"), blank=True, help_text=_("Adresse complète (https://…).")
    )
    languages = ParentalManyToManyField(
        Language,
        verbose_name=_("langues parlées"),
        blank=True,
        related_name="entries",
        help_text=_(
            "Cochez les langues dans lesquelles le service reçoit ; ajoutez une langue dans "
            "Fragments › Langues."
        ),
    )
    audiences = ParentalManyToManyField(
        "taxonomies.Audience",
        verbose_name=_("publics"),
        blank=True,
        related_name="directory_entries",
        help_text=_("Tapez le début d'un public et choisissez : sert au filtre « Public »."),
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="directory_entries",
        help_text=_(
            "Tapez le début d'une thématique et choisissez : sert au filtre « Thématique »."
        ),
    )
    organisation = models.ForeignKey(
        "ppli.Organisation",
        verbose_name=_("organisation partenaire du PPLI"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
        help_text=_("Si le service dépend d'un partenaire du PPLI : sa page listera la fiche."),
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("kind"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
                HelpPanel(
                    template="directory/admin/point_picker.html",
                    heading=_("Position sur la carte"),
                ),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Adresse"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("uses_centre_contact"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        InlinePanel(
            "opening_hours",
            heading=_("Heures d'ouverture"),
            label=_("plage horaire"),
            help_text=_("Une ligne par jour et par plage : lundi 9:00–12:00, lundi 13:00–16:00…"),
        ),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        AutocompletePanel("audiences"),
        # As on every page that has thematics: boxes to tick (fifteen, all in view).
        FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("organisation"),
        FieldPanel("body"),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("ref")]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("commune", boost=2),
        index.SearchField("street"),
        index.FilterField("commune"),
        index.RelatedFields("kind", [index.SearchField("name", boost=2)]),
        index.RelatedFields("languages", [index.SearchField("name")]),
    ]

    parent_page_types = ["directory.DirectoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fiche du répertoire")
        verbose_name_plural = _("fiches du répertoire")

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            message = _("Donnez la latitude et la longitude, ou aucune des deux.")
            raise ValidationError({"latitude": message, "longitude": message})

    def save(self, *args, **kwargs):
        """Save, taking the stable identifier from the slug the first time."""
        if not self.ref:
            self.ref = slugify(self.slug)[:80]
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """Adds its published thematics and its audiences."""
        context = super().get_context(request, *args, **kwargs)
        context["entry_thematics"] = published(self.thematics)
        context["entry_audiences"] = self.audiences.all()
        # Read once for the table and the schema.org block.
        context["entry_hours"] = list(self.opening_hours.order_by("weekday", "opens"))
        context["meta_description"] = self.describe()
        return context

    def describe(self):
        """What search engines show of an entry without a description of its own."""
        if self.description:
            return self.description
        if not self.address_line:
            # No address is said, not written as missing.
            return _("%(kind)s : %(name)s.") % {"kind": self.kind.name, "name": self.title}
        return _("%(kind)s : %(name)s, %(where)s.") % {
            "kind": self.kind.name,
            "name": self.title,
            "where": self.address_line,
        }

    @property
    def address_line(self):
        """ "rue de Fer 1, 5000 Namur", or what is known of it."""
        town = f"{self.postcode} {self.commune}".strip()
        return ", ".join(part for part in (self.street, town) if part)

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    def contact(self, centre):
        """(phone, e-mail) shown for the entry; ``centre``'s (the site's ContactSettings)
        when it says so."""
        if self.uses_centre_contact:
            return centre.phone, centre.email
        return self.phone, self.email


class OpeningHours(Orderable):
    """One opening period of an entry on one weekday (several per day are allowed)."""

    entry = ParentalKey(DirectoryEntryPage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("jour"), choices=Weekday.choices, help_text=_("Une ligne par jour et par plage.")
    )
    opens = models.TimeField(_("ouvre à"), help_text=_("Par exemple 9:00."))
    closes = models.TimeField(_("ferme à"), help_text=_("Par exemple 12:30."))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("plage horaire")
        verbose_name_plural = _("heures d'ouverture")

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError({"closes": _("L'heure de fermeture suit celle d'ouverture.")})

    @property
    def schema_day(self):
        return SCHEMA_DAYS[self.weekday]
