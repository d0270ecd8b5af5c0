"""The plan's page hierarchy: landing → plan → axis → objective → action."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.models import BasePage
from home.routing import ancestors_of

from .partners import Audience, Organisation

TITLE_LENGTH = 120


def numbered_title(prefix, number, text):
    """A page title such as "Action 1.1 : Proposer un moyen…", short enough for menus; just
    "Objectif 30" when the text is unknown."""
    title = f"{prefix} {number} : {text}" if text else f"{prefix} {number}"
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"


class ActionStatus(models.TextChoices):
    # What the booklet and the loaded plans say of every action: nothing. Never a default
    # "à lancer" published as a fact.
    UNKNOWN = "non_renseigne", _("non renseigné")
    PLANNED = "a_lancer", _("à lancer")
    IN_PROGRESS = "en_cours", _("en cours")
    DONE = "realisee", _("réalisée")
    DROPPED = "abandonnee", _("abandonnée")


class PPLIIndexPage(RoutablePageMixin, BasePage):
    """The PPLI landing; also serves the partners' and audiences' public pages."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "ppli.PlanPage",
        "ppli.WorkingGroupIndexPage",
        "ppli.HistoryIndexPage",
        "home.ContentPage",
    ]

    class Meta:
        verbose_name = _("accueil du PPLI")

    @path("partenaires/", name="organisations")
    def organisation_list(self, request):
        from ppli.links import organisations_with_counts

        return self.render(
            request,
            context_overrides={
                "organisations": organisations_with_counts(),
                "breadcrumb_trail": [(_("Partenaires du PPLI"), None)],
            },
            template="ppli/organisation_list.html",
        )

    @path("partenaires/<slug:slug>/", name="organisation")
    def organisation_detail(self, request, slug):
        from ppli.links import organisation_links

        organisation = get_object_or_404(Organisation, slug=slug)
        return self.render(
            request,
            context_overrides={
                "organisation": organisation,
                **organisation_links(organisation),
                "breadcrumb_trail": [
                    (
                        _("Partenaires du PPLI"),
                        self.get_url(request) + self.reverse_subpage("organisations"),
                    ),
                    (organisation.name, None),
                ],
            },
            template="ppli/organisation_detail.html",
        )

    @path("publics/", name="audiences")
    def audience_list(self, request):
        from ppli.links import audiences_with_counts

        return self.render(
            request,
            context_overrides={
                "audiences": audiences_with_counts(),
                "breadcrumb_trail": [(_("Publics du PPLI"), None)],
            },
            template="ppli/audience_list.html",
        )

    @path("publics/<slug:slug>/", name="audience")
    def audience_detail(self, request, slug):
        from ppli.links import audience_links

        audience = get_object_or_404(Audience, slug=slug)
        return self.render(
            request,
            context_overrides={
                "audience": audience,
                **audience_links(audience),
                "breadcrumb_trail": [
                    (
                        _("Publics du PPLI"),
                        self.get_url(request) + self.reverse_subpage("audiences"),
                    ),
                    (audience.name, None),
                ],
            },
            template="ppli/audience_detail.html",
        )


class PlanPage(RoutablePageMixin, BasePage):
    """One edition of the plan: its overview with filters, print version and open data."""

    period_start = models.PositiveSmallIntegerField(_("première année"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("dernière année"), null=True, blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Période")),
    ]

    parent_page_types = ["ppli.PPLIIndexPage"]
    # Its axes, and the sections of its booklet (préambule, concepts…) as content pages.
    subpage_types = ["ppli.AxisPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("plan")

    @property
    def period(self):
        """The period as the booklet writes it, e.g. "2017-2020"."""
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        return ""

    @path("")
    def overview(self, request):
        from ppli.overview import plan_overview_context

        return self.render(request, context_overrides=plan_overview_context(self, request))

    @path("imprimer/", name="print")
    def printable(self, request):
        from ppli.plan_tree import build_plan_tree

        return self.render(
            request,
            context_overrides={"tree": build_plan_tree(self)},
            template="ppli/plan_print.html",
        )


class AxisPage(BasePage):
    """A fundamental-rights axis of the plan ("1° & 4°", "2°"…) with its findings and key issues."""

    number = models.CharField(
        _("numéro"), max_length=20, help_text=_("Tel qu'écrit dans le livret, ex. « 1° & 4° ».")
    )
    short_title = models.CharField(_("intitulé"), max_length=255)
    constats = RichTextField(_("constats"), blank=True, features=RICH_TEXT_FEATURES)
    note = models.TextField(_("note"), blank=True)

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("short_title")]),
        FieldPanel("intro"),
        FieldPanel("constats"),
        InlinePanel("key_issues", label=_("Enjeux essentiels")),
        FieldPanel("note"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("short_title"),
        index.SearchField("constats"),
        index.FilterField("number"),
    ]

    parent_page_types = ["ppli.PlanPage"]
    subpage_types = ["ppli.ObjectivePage"]

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")

    @property
    def search_summary(self):
        """What a search result says of an axis (its findings may be empty)."""
        return _("Axe %(number)s : %(title)s. Ses enjeux essentiels, objectifs et actions.") % {
            "number": self.number,
            "title": self.short_title,
        }

    def get_context(self, request, *args, **kwargs):
        from ppli.plan_tree import build_plan_tree

        context = super().get_context(request, *args, **kwargs)
        plan = ancestors_of(request, self)[-1]
        context["axis_node"] = build_plan_tree(plan, axis=self).axes[0]
        context["meta_description"] = _("Axe %(number)s du plan : %(title)s.") % {
            "number": self.number,
            "title": self.short_title,
        }
        return context


class KeyIssue(Orderable):
    """One of the booklet's 13 "enjeux essentiels", attached to its axis."""

    axis = ParentalKey(AxisPage, on_delete=models.CASCADE, related_name="key_issues")
    number = models.PositiveSmallIntegerField(_("numéro"))
    text = models.TextField(_("texte"))

    panels = [FieldPanel("number"), FieldPanel("text")]

    def __str__(self):
        return f"{self.number}. {self.text}"


class PrioritySelect(forms.NullBooleanSelect):
    """Yes, no, or not known: the booklet's priorities (a background colour) were lost."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("non renseignée")), ("true", _("oui")), ("false", _("non"))]


class PlanItemPage(BasePage):
    """What objectives and actions share: priority flag and thematics."""

    priority = models.BooleanField(
        _("prioritaire"),
        null=True,
        blank=True,
        default=None,
        help_text=_(
            "Priorité retenue par les acteurs (fond de couleur dans le livret, perdu dans le "
            "texte) : « non renseignée » tant que l'équipe ne l'a pas vérifiée."
        ),
    )

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Without an introduction, the booklet's own wording describes the page.
        context["meta_description"] = self.text or _(
            "%(title)s du Plan provincial et local d'intégration : ses actions, qui les porte "
            "et pour qui."
        ) % {"title": self.title}
        return context


class ObjectivePage(PlanItemPage):
    """An objective of an axis (numbered 1 to 35 in the 2017-2020 plan)."""

    number = models.PositiveSmallIntegerField(_("numéro"))
    text = models.TextField(
        _("objectif"),
        blank=True,
        help_text=_(
            "Laissé vide si la source ne le donne pas : la page s'intitule « Objectif N »."
        ),
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="ppli_objectives",
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("priority", widget=PrioritySelect)]),
        FieldPanel("text"),
        FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("text"),
        index.FilterField("number"),
    ]

    parent_page_types = ["ppli.AxisPage"]
    subpage_types = ["ppli.ActionPage"]

    class Meta:
        verbose_name = _("objectif")

    def full_clean(self, *args, **kwargs):
        self.title = numbered_title("Objectif", self.number, self.text)
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ppli.plan_tree import build_plan_tree

        context = super().get_context(request, *args, **kwargs)
        *_, plan, axis = ancestors_of(request, self)
        tree = build_plan_tree(plan, axis=axis, objective=self)
        context["objective_node"] = tree.axes[0].objectives[0]
        context["axis"] = tree.axes[0].page
        return context


class ActionPage(PlanItemPage):
    """An action of an objective, with who carries it, for whom, and its follow-up."""

    number = models.CharField(_("numéro"), max_length=10, help_text=_("Ex. « 1.1 », « 27 »."))
    text = models.TextField(_("action"))
    by_whom_other = models.TextField(
        _("par qui ? (autres acteurs)"),
        blank=True,
        help_text=_("Secteurs ou acteurs qui ne sont pas une organisation : un par ligne."),
    )
    by_whom_note = models.CharField(_("par qui ? (précision)"), max_length=255, blank=True)
    for_whom_other = models.TextField(
        _("pour qui ? (autres destinataires)"), blank=True, help_text=_("Un par ligne.")
    )
    status = models.CharField(
        _("état"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.UNKNOWN
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Laissez vide tant que l'avancement n'est pas connu."),
    )
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    working_group = models.ForeignKey(
        "ppli.WorkingGroupPage",
        verbose_name=_("groupe de travail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="ppli_actions",
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("priority", widget=PrioritySelect)]),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                MultipleChooserPanel(
                    "organisation_links",
                    chooser_field_name="organisation",
                    label=_("Organisations"),
                ),
                FieldPanel("by_whom_other"),
                FieldPanel("by_whom_note"),
            ],
            heading=_("Par qui ?"),
        ),
        MultiFieldPanel(
            [
                MultipleChooserPanel(
                    "audience_links", chooser_field_name="audience", label=_("Publics")
                ),
                FieldPanel("for_whom_other"),
            ],
            heading=_("Pour qui ?"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("working_group"),
            ],
            heading=_("Suivi"),
        ),
        FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("text"),
        index.SearchField("by_whom_other"),
        index.SearchField("for_whom_other"),
        index.RelatedFields(
            "organisation_links",
            [index.RelatedFields("organisation", [index.SearchField("name")])],
        ),
        index.RelatedFields(
            "audience_links", [index.RelatedFields("audience", [index.SearchField("name")])]
        ),
        index.FilterField("status"),
    ]

    parent_page_types = ["ppli.ObjectivePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("action")

    def full_clean(self, *args, **kwargs):
        self.title = numbered_title("Action", self.number, self.text)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin précède la date de début.")})

    @property
    def organisations(self):
        """The "Par qui ?" organisations, in the editors' order (prefetch-friendly)."""
        return [link.organisation for link in self.organisation_links.all()]

    @property
    def audiences(self):
        """The "Pour qui ?" audiences, in the editors' order (prefetch-friendly)."""
        return [link.audience for link in self.audience_links.all()]

    @property
    def by_whom_others(self):
        """The free-text "Par qui ?" items, one per line."""
        return [line.strip() for line in self.by_whom_other.splitlines() if line.strip()]

    @property
    def for_whom_others(self):
        """The free-text "Pour qui ?" items, one per line."""
        return [line.strip() for line in self.for_whom_other.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from ppli.plan_tree import action_context

        context = super().get_context(request, *args, **kwargs)
        context.update(action_context(self))
        return context


class ActionOrganisation(Orderable):
    """An organisation named under an action's "Par qui ?"."""

    action = ParentalKey(ActionPage, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="action_links",
    )

    panels = [FieldPanel("organisation")]


class ActionAudience(Orderable):
    """An audience named under an action's "Pour qui ?"."""

    action = ParentalKey(ActionPage, on_delete=models.CASCADE, related_name="audience_links")
    audience = models.ForeignKey(
        Audience, verbose_name=_("public"), on_delete=models.CASCADE, related_name="action_links"
    )

    panels = [FieldPanel("audience")]


class ActionStatusChange(models.Model):
    """A dated entry of an action's follow-up: a person published a new state (who and when).

    Loading or importing a plan never writes one: the history tells what people did.
    """

    action = models.ForeignKey(ActionPage, on_delete=models.CASCADE, related_name="status_changes")
    changed_at = models.DateTimeField(_("date"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("état"), max_length=20, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), null=True)

    class Meta:
        verbose_name = _("changement d'état d'une action")
        verbose_name_plural = _("historique des actions")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        progress = "" if self.progress is None else f" ({self.progress} %)"
        return f"{self.action.number} : {self.get_status_display()}{progress}"
