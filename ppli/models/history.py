"""The history of the PLI at the C.A.I., one dated sheet at a time, shown as a timeline."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.permissions import SectionPagePermissionTester
from home.models import BasePage, EditorialPageForm


class EssentialFor(models.TextChoices):
    """The sheet's "Cette date est essentielle pour" boxes."""

    TEAM = "equipe", _("Membres de l'équipe")
    BENEFICIARIES = "beneficiaires", _("Bénéficiaires")
    PARTNERS = "partenaires", _("Partenaires et réseau")
    AUTHORITIES = "pouvoirs-publics", _("Pouvoirs publics")
    PUBLIC = "grand-public", _("Grand public")


class SourceBlock(blocks.StructBlock):
    """A resource a sheet offers or draws on: a page of the site, an address, or just a name."""

    label = blocks.CharBlock(label=_("Intitulé"), max_length=255)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Ressource")


SOURCE_BLOCKS = [("source", SourceBlock())]


class HistorySheetForm(EditorialPageForm):
    """Checkboxes for the "essentielle pour" categories, stored as a list of codes."""

    # This form field replaces the model's JSONField in the editor: its help is given here.
    essential_for = forms.MultipleChoiceField(
        label=_("Cette date est essentielle pour"),
        choices=EssentialFor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Pour qui cette date compte : affiché dans les catégories de la fiche."),
    )


class HistoryIndexPage(BasePage):
    """The history of the PLI at the C.A.I.: its sheets on a timeline (/ppli/historique/)."""

    permission_tester_class = SectionPagePermissionTester

    parent_page_types = ["ppli.PPLIIndexPage"]
    subpage_types = ["ppli.HistorySheetPage"]

    class Meta:
        verbose_name = _("historique (frise)")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sheets"] = (
            HistorySheetPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("year", "path")
        )
        return context


class HistorySheetPage(BasePage):
    """One sheet of the history ("fiche"): a year, its text, its resources and categories.

    The categories map to the site's own taxonomies: thematics, the Actions/Services pages
    (its strategic axes) and audiences; what has no match stays as text.
    """

    permission_tester_class = SectionPagePermissionTester

    year = models.PositiveSmallIntegerField(
        _("année"),
        help_text=_("Place la fiche dans la frise ; affichée au-dessus de son titre."),
    )
    downloads = StreamField(
        SOURCE_BLOCKS,
        verbose_name=_("ressources à télécharger"),
        blank=True,
        help_text=_(
            "Un bloc par ressource (page du site, adresse web ou simple nom), listé sous "
            "« Ressources à télécharger »."
        ),
    )
    sources = StreamField(
        SOURCE_BLOCKS,
        verbose_name=_("ressources utilisées"),
        blank=True,
        help_text=_(
            "Un bloc par ressource sur laquelle la fiche s'appuie, listé sous « Ressources "
            "utilisées »."
        ),
    )
    essential_for = models.JSONField(_("cette date est essentielle pour"), default=list, blank=True)
    services = ParentalManyToManyField(
        "home.ContentPage",
        verbose_name=_("axes stratégiques d'intervention"),
        blank=True,
        related_name="history_sheets",
        limit_choices_to={"depth": 4},
        help_text=_("Les pages « Actions/Services » de ces axes (Accompagnement…)."),
    )
    # The sheet's own labels: "Travail en réseau" is not the title of a page of the site, and
    # a sheet shows every axis it ticks, whether its page is published or not.
    intervention_axes = models.TextField(
        _("axes stratégiques d'intervention (libellés de la fiche)"),
        blank=True,
        help_text=_(
            "Les axes cochés sur la fiche, tels qu'elle les nomme, un par ligne ; affichés à la "
            "place des pages choisies ci-dessus quand ils sont remplis."
        ),
    )
    audiences = ParentalManyToManyField(
        "taxonomies.Audience",
        verbose_name=_("publics ciblés"),
        blank=True,
        related_name="history_sheets",
        help_text=_("Les publics du PPLI visés ; les autres s'écrivent dans le champ suivant."),
    )
    other_audiences = models.TextField(
        _("autres publics ciblés"), blank=True, help_text=_("Un par ligne.")
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques traversées"),
        blank=True,
        related_name="history_sheets",
        help_text=_("La fiche apparaît aussi sur la page de ces thématiques."),
    )
    other_thematics = models.TextField(
        _("autres thématiques traversées"),
        blank=True,
        help_text=_("Celles qui ne sont pas une thématique du site ; une par ligne."),
    )

    base_form_class = HistorySheetForm
    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("year"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("downloads"),
        FieldPanel("sources"),
        MultiFieldPanel(
            [
                FieldPanel("essential_for"),
                FieldPanel("services", widget=forms.CheckboxSelectMultiple),
                FieldPanel("intervention_axes"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("other_audiences"),
                FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("other_thematics"),
            ],
            heading=_("Catégories"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.FilterField("year")]

    parent_page_types = ["ppli.HistoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fiche d'historique")
        verbose_name_plural = _("fiches d'historique")

    @property
    def essential_for_labels(self):
        labels = dict(EssentialFor.choices)
        return [labels[code] for code in self.essential_for if code in labels]

    @property
    def intervention_axis_names(self):
        return [line.strip() for line in self.intervention_axes.splitlines() if line.strip()]

    def other_audience_names(self):
        return [line.strip() for line in self.other_audiences.splitlines() if line.strip()]

    @property
    def other_thematic_names(self):
        return [line.strip() for line in self.other_thematics.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sheet_services"] = self.services.live().public()
        context["sheet_thematics"] = self.thematics.live().public()
        context["sheet_audiences"] = self.audiences.all()
        return context
