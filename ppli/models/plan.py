"""The plan's page hierarchy: landing → plan → axis → objective → action."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.permissions import SectionPagePermissionTester
from core.text import folded_matches
from home.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from home.models import BasePage, EditorialPageForm
from home.ordered_links import OrderedLinksField, OrderedLinksFormMixin
from taxonomies.models import Audience

from ..blocks import EditionsBlock
from .groups import WorkingGroupPage
from .partners import Organisation
from .rows import (
    AxisRow,
    FreeTextItems,
    KeyIssueRow,
    ObjectiveRow,
    action_rows,
    attach_thematics,
    link_label,
    rows_of,
)
from .tree import STEP, AxisNode, ObjectiveNode, PlanTree, counts_text

TITLE_LENGTH = 120
# Sections other apps add to a partner's public page: a dict with `template`, `anchor`,
# `heading` (directory/wagtail_hooks.py).
ORGANISATION_SECTIONS_HOOK = "organisation_page_sections"


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


# The section of the PPLI landing that presents the plan in force: the closed editions'
# banner links to it.
CURRENT_PLAN_ANCHOR = "plan-en-cours"


class PPLIIndexPage(RoutablePageMixin, BasePage):
    """The PPLI landing: the plan in force first (PPLI 2.0), the editions of the plan, then
    the previous edition, the history and the productions; also serves the partners' and
    audiences' public pages."""

    permission_tester_class = SectionPagePermissionTester

    current_plan = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("plan en cours"),
        help_text=_(
            "Le plan en vigueur (PPLI 2.0), affiché en premier sur la page : un titre de "
            "section, puis un sous-titre par partie (démarche, engagements, horizon…)."
        ),
    )
    editions = StreamField(
        EditionsBlock(),
        blank=True,
        verbose_name=_("éditions du plan"),
        help_text=_(
            "La frise « Éditions du plan », de la plus ancienne à la plus récente ; elle est "
            "aussi affichée sur la page de chaque plan."
        ),
    )

    content_panels = BasePage.content_panels[:2] + [
        FieldPanel("current_plan"),
        FieldPanel("editions"),
        FieldPanel(
            "body",
            help_text=_(
                "Ce qui suit le plan en cours et la frise : l'édition précédente, l'historique, "
                "les productions du PPLI."
            ),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("current_plan")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "ppli.PlanPage",
        "ppli.WorkingGroupIndexPage",
        "ppli.HistoryIndexPage",
        "home.ContentPage",
        # PPLI 2.0 in action (the network app, a layer above: named, never imported).
        "network.FindingsPage",
        "network.ConsultationPage",
        "network.ExpertiseRequestPage",
        "network.FollowUpPage",
    ]

    class Meta:
        verbose_name = _("accueil du PPLI")

    # The heading of each list of the landing, first in the breadcrumb of its pages.
    PARTNER_LISTS = {"organisations": _("Partenaires du PPLI"), "audiences": _("Publics du PPLI")}

    def render_partners(self, request, route, template, context, name=None):
        """The list of the partners or of the audiences (its `route`), or the page of one of
        them (its `name`, after a link to the list in the breadcrumb)."""
        heading = self.PARTNER_LISTS[route]
        if name is None:
            trail = [(heading, None)]
        else:
            trail = [(heading, self.get_url(request) + self.reverse_subpage(route)), (name, None)]
        return self.render(
            request, context_overrides={**context, "breadcrumb_trail": trail}, template=template
        )

    @path("partenaires/", name="organisations")
    def organisation_list(self, request):
        context = {"organisations": organisations_with_counts()}
        return self.render_partners(
            request, "organisations", "ppli/organisation_list.html", context
        )

    @path("partenaires/<slug:slug>/", name="organisation")
    def organisation_detail(self, request, slug):
        organisation = get_object_or_404(Organisation, slug=slug)
        context = {
            "organisation": organisation,
            **organisation_links(organisation),
            # Other apps (the directory) add what belongs to the partner through this hook,
            # so ppli never imports them.
            "sections": [
                section(organisation, request)
                for section in hooks.get_hooks(ORGANISATION_SECTIONS_HOOK)
            ],
        }
        return self.render_partners(
            request, "organisations", "ppli/organisation_detail.html", context, organisation.name
        )

    @path("publics/", name="audiences")
    def audience_list(self, request):
        context = {"audiences": audiences_with_counts()}
        return self.render_partners(request, "audiences", "ppli/audience_list.html", context)

    @path("publics/<slug:slug>/", name="audience")
    def audience_detail(self, request, slug):
        audience = get_object_or_404(Audience, slug=slug)
        context = {"audience": audience, **audience_links(audience)}
        return self.render_partners(
            request, "audiences", "ppli/audience_detail.html", context, audience.name
        )


class PlanPage(RoutablePageMixin, BasePage):
    """One edition of the plan: its overview with filters, print version and open data."""

    permission_tester_class = SectionPagePermissionTester

    period_start = models.PositiveSmallIntegerField(
        _("première année"),
        null=True,
        blank=True,
        help_text=_("Ex. 2017 ; la période est reprise dans les données ouvertes du plan."),
    )
    period_end = models.PositiveSmallIntegerField(
        _("dernière année"),
        null=True,
        blank=True,
        help_text=_("Ex. 2020 ; avec la première année, elle forme la période « 2017-2020 »."),
    )

    edition_label = models.CharField(
        _("édition"),
        max_length=80,
        blank=True,
        help_text=_(
            "Ex. « première mouture » : le nom de cette édition du plan, repris dans le "
            "bandeau de ses pages."
        ),
    )
    closed = models.BooleanField(
        _("édition clôturée"),
        default=False,
        help_text=_(
            "Cochez quand le plan est terminé : chacune de ses pages (axes, objectifs, actions, "
            "sections du livret, groupes de travail de ses axes) porte alors un bandeau qui le "
            "dit et renvoie au plan en cours."
        ),
    )
    closing_note = models.CharField(
        _("clôture"),
        max_length=200,
        blank=True,
        help_text=_(
            "Quand et comment le plan s'est terminé, ex. « clôturée fin 2019 par l'assemblée "
            "plénière de la Marlagne » ; affiché dans le bandeau si l'édition est clôturée."
        ),
    )

    content_panels = BasePage.content_panels[:2] + [
        # The plan's overview shows its body folded, as the booklet's introduction.
        FieldPanel(
            "body",
            help_text=_(
                "L'introduction du livret, montrée repliée sous « À propos de ce plan », au bas "
                "de la page."
            ),
        ),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Période")),
        MultiFieldPanel(
            [FieldPanel("edition_label"), FieldPanel("closed"), FieldPanel("closing_note")],
            heading=_("Édition"),
        ),
    ]

    parent_page_types = ["ppli.PPLIIndexPage"]
    # Its axes, and the sections of its booklet (préambule, concepts…) as content pages.
    subpage_types = ["ppli.AxisPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("plan")

    def export_url(self, extension):
        """The plan's open data ("json" or "csv"), served beside its page (ppli/urls.py)."""
        plan_path = self.url.lstrip("/")
        return reverse("plan_export", kwargs={"plan_path": plan_path, "extension": extension})

    @property
    def period(self):
        """The period as the booklet writes it, e.g. "2017-2020"."""
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        return ""

    @path("")
    def overview(self, request):
        """The overview: its filters and tree come from {% plan_overview %} (ppli_tags)."""
        return self.render(request)

    @path("imprimer/", name="print")
    def printable(self, request):
        return self.render(
            request,
            context_overrides={"tree": build_plan_tree(self, key_issues=True)},
            template="ppli/plan_print.html",
        )


class AxisPage(BasePage):
    """A fundamental-rights axis of the plan ("1° & 4°", "2°"…) with its findings and key issues."""

    permission_tester_class = SectionPagePermissionTester

    number = models.CharField(
        _("numéro"), max_length=20, help_text=_("Tel qu'écrit dans le livret, ex. « 1° & 4° ».")
    )
    short_title = models.CharField(
        _("intitulé"),
        max_length=255,
        help_text=_(
            "Le nom de l'axe tel que l'écrit le livret : titre de sa page, du plan et du filtre "
            "« Axe »."
        ),
    )
    constats = RichTextField(
        _("constats"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Les constats du livret pour cet axe, affichés sous « Constats »."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Remarque courte, facultative, affichée sous les enjeux essentiels."),
    )

    content_panels = [
        # The axis page's heading is its "intitulé"; the title names it everywhere else.
        TitleFieldPanel(
            "title",
            help_text=_(
                "Le nom de la page dans les menus, le fil d'Ariane et les résultats de "
                "recherche ; la page elle-même affiche l'intitulé."
            ),
        ),
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
        context = super().get_context(request, *args, **kwargs)
        plan = self.get_parent()
        context["axis_node"] = build_plan_tree(plan, axis=self).axes[0]
        context["meta_description"] = _("Axe %(number)s du plan : %(title)s.") % {
            "number": self.number,
            "title": self.short_title,
        }
        return context


class KeyIssue(Orderable):
    """One of the booklet's 13 "enjeux essentiels", attached to its axis."""

    axis = ParentalKey(AxisPage, on_delete=models.CASCADE, related_name="key_issues")
    number = models.PositiveSmallIntegerField(
        _("numéro"),
        help_text=_("Le numéro de l'enjeu dans le livret : la liste suit ces numéros."),
    )
    text = models.TextField(_("texte"), help_text=_("L'enjeu, tel que l'écrit le livret."))

    panels = [FieldPanel("number"), FieldPanel("text")]

    def __str__(self):
        return f"{self.number}. {self.text}"


class PrioritySelect(forms.NullBooleanSelect):
    """Yes, no, or not known: the booklet's priorities (a background colour) were lost."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("non renseignée")), ("true", _("oui")), ("false", _("non"))]


class NumberedPageForm(EditorialPageForm):
    """The editor of an objective or action: its title and URL follow its number, live.

    The editor types the number and the text; the title and slug fields only show what the
    model computes (PlanItemPage.numbered_fields), and a number already taken under the same
    parent is reported at the number, not on the Promotion tab.
    """

    class Media:
        js = ["ppli/js/numbered-title.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        self.fields["number"].widget.attrs.update(
            {"data-numbered-prefix": model.title_prefix, "data-numbered-max": TITLE_LENGTH}
        )
        for name in ("title", "slug"):
            field = self.fields[name]
            field.required = False
            field.widget.attrs["readonly"] = True
            field.help_text = _("Calculé à partir du numéro et du texte : rien à saisir ici.")

    def clean(self):
        number = self.cleaned_data.get("number")
        if number not in (None, ""):
            computed = self._meta.model.numbered_fields(number, self.cleaned_data.get("text", ""))
            self.cleaned_data.update(computed)
        cleaned_data = super().clean()
        if self.has_error("slug"):
            # The only way the computed slug clashes: a sibling (maybe a draft) has this number.
            del self.errors["slug"]
            self.add_error(
                "number",
                _(
                    "Ce numéro est déjà pris par une autre page sous le même parent (peut-être "
                    "un brouillon) : ouvrez-la depuis l'arborescence plutôt que d'en créer une "
                    "seconde, ou choisissez un autre numéro."
                ),
            )
        return cleaned_data


class PlanItemPage(BasePage):
    """What objectives and actions share: a number that makes their title and URL, a
    priority flag and thematics."""

    permission_tester_class = SectionPagePermissionTester

    title_prefix = ""  # "Objectif", "Action": the start of the title and the slug.

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

    base_form_class = NumberedPageForm

    class Meta:
        abstract = True

    @classmethod
    def autocomplete_custom_queryset_filter(cls, search_query, request=None):
        """What the resource form's type-ahead (wagtail-autocomplete) offers: "logement",
        "Logement" or "16" find "Objectif 16 : … logement …", accents and capitals aside."""
        return folded_matches(cls.objects.order_by("path"), ["title"], search_query)

    def autocomplete_label(self):
        return self.title

    @classmethod
    def numbered_fields(cls, number, text):
        """The title and slug of the item numbered `number`: the one place they are made.

        "Action 16.4 : Séances d'information…" and "action-16-4", "Objectif 30" and
        "objectif-30", whoever creates the page (editor, loader, import). The editor's live
        preview (numbered-title.js) mirrors this rule.
        """
        return {
            "title": numbered_title(cls.title_prefix, number, text),
            "slug": cls.numbered_slug(number),
        }

    @classmethod
    def numbered_slug(cls, number):
        return slugify(f"{cls.title_prefix} {number}".replace(".", " "))

    def full_clean(self, *args, **kwargs):
        for name, value in self.numbered_fields(self.number, self.text).items():
            setattr(self, name, value)
        super().full_clean(*args, **kwargs)

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

    title_prefix = "Objectif"

    number = models.PositiveSmallIntegerField(
        _("numéro"),
        help_text=_("Le numéro de l'objectif dans le plan : il fait le titre et l'adresse."),
    )
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
        help_text=_(
            "L'objectif apparaît sur la page de ces thématiques et dans le filtre du plan."
        ),
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        *_, plan, axis = self.get_ancestors()
        tree = build_plan_tree(plan, axis=axis, objective=self)
        context["objective_node"] = tree.axes[0].objectives[0]
        context["axis"] = tree.axes[0].page
        return context


class ActionPageForm(OrderedLinksFormMixin, NumberedPageForm):
    """An action's editor: "Par qui ?" and "Pour qui ?" chosen by typing names, in order; a
    new action joins its axis's working group unless the editor picks another."""

    organisations = OrderedLinksField(
        "organisation_links",
        "organisation",
        Organisation,
        label=_("Organisations"),
        help_text=_(
            "Tapez le début d'un nom ou d'un sigle (ex. « CPAS »), choisissez, puis tapez le "
            "suivant : chaque choix est gardé, dans l'ordre de la page publique."
        ),
    )
    audiences = OrderedLinksField(
        "audience_links",
        "audience",
        Audience,
        label=_("Publics"),
        help_text=_("Tapez le début d'un public, choisissez, puis le suivant."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and self.parent_page and not self.initial.get("working_group"):
            self.initial["working_group"] = axis_working_group(self.parent_page)


def axis_working_group(objective):
    """The working group of the axis above `objective` (the first one, in tree order)."""
    group = WorkingGroupPage.objects.filter(axis__in=objective.get_ancestors()).order_by("path")
    return group.values_list("pk", flat=True).first()


class ActionPage(FreeTextItems, PlanItemPage):
    """An action of an objective, with who carries it, for whom, and its follow-up."""

    title_prefix = "Action"
    base_form_class = ActionPageForm

    number = models.CharField(_("numéro"), max_length=10, help_text=_("Ex. « 1.1 », « 27 »."))
    text = models.TextField(
        _("action"),
        help_text=_("L'action telle que l'écrit le livret : en tête de sa page et sur sa carte."),
    )
    by_whom_other = models.TextField(
        _("par qui ? (autres acteurs)"),
        blank=True,
        help_text=_("Secteurs ou acteurs qui ne sont pas une organisation : un par ligne."),
    )
    by_whom_note = models.CharField(
        _("par qui ? (précision)"),
        max_length=255,
        blank=True,
        help_text=_("Courte précision affichée après la liste « Par qui ? » de la page."),
    )
    for_whom_other = models.TextField(
        _("pour qui ? (autres destinataires)"), blank=True, help_text=_("Un par ligne.")
    )
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.UNKNOWN,
        help_text=_(
            "Affiché sur la page et les cartes de l'action ; chaque changement publié entre "
            "dans son historique."
        ),
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Laissez vide tant que l'avancement n'est pas connu."),
    )
    progress_note = models.TextField(
        _("note de suivi"),
        blank=True,
        max_length=500,
        help_text=_(
            "Facultative : où en est l'action, en une ou deux phrases. À la publication, une "
            "note nouvelle entre, datée, dans l'historique du suivi affiché sur la page."
        ),
    )
    start_date = models.DateField(
        _("date de début"),
        null=True,
        blank=True,
        help_text=_("Facultative ; affichée sur la page de l'action."),
    )
    end_date = models.DateField(
        _("date de fin"),
        null=True,
        blank=True,
        help_text=_("Facultative ; affichée sur la page de l'action, après la date de début."),
    )
    working_group = models.ForeignKey(
        "ppli.WorkingGroupPage",
        verbose_name=_("groupe de travail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text=_(
            "Le groupe qui suit l'action, qui est listée sur sa page ; proposé : celui de l'axe."
        ),
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="ppli_actions",
        help_text=_("L'action apparaît sur la page de ces thématiques et dans le filtre du plan."),
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("priority", widget=PrioritySelect)]),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("organisations"),
                FieldPanel("by_whom_other"),
                FieldPanel("by_whom_note"),
            ],
            heading=_("Par qui ?"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audiences"),
                FieldPanel("for_whom_other"),
            ],
            heading=_("Pour qui ?"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("progress")]),
                FieldPanel("progress_note"),
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

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin précède la date de début.")})

    @property
    def organisations(self):
        """The "Par qui ?" organisations, in the editors' order, each with its link's
        `qualifier` (prefetch-friendly)."""
        return [
            with_qualifier(link.organisation, link.qualifier)
            for link in self.organisation_links.all()
        ]

    @property
    def audiences(self):
        """The "Pour qui ?" audiences, in the editors' order, each with its link's
        `qualifier` (prefetch-friendly)."""
        return [with_qualifier(link.audience, link.qualifier) for link in self.audience_links.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(action_context(self))
        return context


def with_qualifier(snippet, qualifier):
    """`snippet` (its link row's own instance) carrying what the booklet writes after its
    name, as the cards read it from a row (rows.Link)."""
    snippet.qualifier = qualifier
    return snippet


class ActionOrganisation(Orderable):
    """An organisation named under an action's "Par qui ?"."""

    action = ParentalKey(ActionPage, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="action_links",
    )
    qualifier = models.CharField(
        _("précision"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ce qui suit le nom dans le livret, tel qu'il l'écrit, ex. « (GT primo-arrivant) » : "
            "affiché après le nom, qui seul est un lien."
        ),
    )

    panels = [FieldPanel("organisation"), FieldPanel("qualifier")]

    @property
    def label(self):
        return link_label(self.organisation.name, self.qualifier)


class ActionAudience(Orderable):
    """An audience named under an action's "Pour qui ?"."""

    action = ParentalKey(ActionPage, on_delete=models.CASCADE, related_name="audience_links")
    audience = models.ForeignKey(
        Audience, verbose_name=_("public"), on_delete=models.CASCADE, related_name="action_links"
    )
    qualifier = models.CharField(
        _("précision"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ce qui suit le nom dans le livret, tel qu'il l'écrit, ex. « : hôpitaux, relais "
            "santé, etc. » : affiché après le nom, qui seul est un lien."
        ),
    )

    panels = [FieldPanel("audience"), FieldPanel("qualifier")]

    @property
    def label(self):
        return link_label(self.audience.name, self.qualifier)


class ActionStatusChange(models.Model):
    """A dated entry of an action's follow-up: a person published a new state or a new note
    (who published it, and when).

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
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("changement d'état d'une action")
        verbose_name_plural = _("historique des actions")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        progress = "" if self.progress is None else f" ({self.progress} %)"
        return f"{self.action.number} : {self.get_status_display()}{progress}"


# What the plan's pages read, in a fixed number of queries (tree.py holds the tree, rows.py
# the plain rows that lists show).


def partner_prefetches():
    """What ActionPage.organisations / .audiences read, each in one query."""
    return [
        Prefetch("organisation_links", ActionOrganisation.objects.select_related("organisation")),
        Prefetch("audience_links", ActionAudience.objects.select_related("audience")),
    ]


def build_plan_tree(plan, axis=None, objective=None, key_issues=False, export=False):
    """The tree of a plan, or of one of its axes or objectives, as rows with progress rolled up.

    With `key_issues`, the axes carry theirs (the printable plan); with `export`, objectives
    and actions carry their thematics (the open data). One more query each.
    """
    axes = AxisPage.objects.child_of(plan).live().public().order_by("path")
    if axis is not None:
        axes = axes.filter(pk=axis.pk)
    scope = objective or axis or plan
    objectives = (
        ObjectivePage.objects.live()
        .public()
        .descendant_of(scope, inclusive=objective is not None)
        .order_by("path")
    )
    actions = ActionPage.objects.live().public().descendant_of(scope).order_by("path")

    tree = PlanTree(plan, [AxisNode(row) for row in rows_of(AxisRow, axes)])
    axis_by_path = {node.page.path: node for node in tree.axes}
    if key_issues:
        attach_key_issues({node.page.pk: node.page for node in tree.axes}, axes)
    objective_rows = rows_of(ObjectiveRow, objectives)
    if export:
        attach_thematics(
            {row.pk: row for row in objective_rows},
            ObjectivePage.thematics.through,
            "objectivepage_id",
            objectives.order_by().values("pk"),
        )
    objective_by_path = {}
    for row in objective_rows:
        axis_node = axis_by_path.get(row.path[:-STEP])
        if axis_node is not None:
            node = ObjectiveNode(row)
            axis_node.objectives.append(node)
            objective_by_path[row.path] = node
    for action in action_rows(actions, export=export):
        objective_node = objective_by_path.get(action.path[:-STEP])
        if objective_node is not None:
            action.objective = objective_node.page
            action.axis = axis_by_path[action.path[: -2 * STEP]].page
            objective_node.actions.append(action)
    return tree.roll_up()


def attach_key_issues(axis_by_pk, axes):
    """Set their key issues, in the editors' order, on axis rows (one query)."""
    issues = KeyIssue.objects.filter(axis__in=axes.order_by().values("pk"))
    for axis_id, number, text in issues.order_by("sort_order", "pk").values_list(
        "axis_id", "number", "text"
    ):
        axis_by_pk[axis_id].key_issues.append(KeyIssueRow(number, text))


# The plan pages above an action: how many levels up, and the row that lists show of them.
PLAN_LEVELS = {
    "objective": (ObjectivePage, 1, ObjectiveRow),
    "axis": (AxisPage, 2, AxisRow),
    "plan": (PlanPage, 3, None),
}
ALL_LEVELS = tuple(PLAN_LEVELS)


def attach_plan_path(actions, levels=ALL_LEVELS, as_rows=False):
    """Set the pages above each action that the caller shows (`objective`, `axis`, `plan`),
    as pages, or as rows for lists of action rows.

    One query per level asked, for any number of actions.
    """
    paths = {action.path for action in actions}
    for level in levels:
        model, up, row_class = PLAN_LEVELS[level]
        pages = model.objects.filter(path__in={path[: -up * STEP] for path in paths})
        found = {page.path: page for page in (rows_of(row_class, pages) if as_rows else pages)}
        for action in actions:
            setattr(action, level, found.get(action.path[: -up * STEP]))
    return actions


def action_context(action):
    """What an action's page shows besides its own fields: its path and its follow-up."""
    attach_plan_path([action])
    prefetch_related_objects([action], *partner_prefetches())
    status_changes = list(action.status_changes.all())
    return {
        "plan": action.plan,
        "axis": action.axis,
        "objective": action.objective,
        "action_thematics": action.thematics.live().public(),
        "status_changes": status_changes,
        # The history's "Avancement" and "Note" columns only when some entry recorded one.
        "status_changes_progress": any(c.progress is not None for c in status_changes),
        "status_changes_notes": any(c.note for c in status_changes),
    }


# The partners' and audiences' pages of the landing.

LIVE_ACTIONS = Q(action_links__action__live=True)


def organisation_links(organisation):
    """The actions an organisation carries (a queryset: its page shows one page of them,
    ppli/links.py) and the groups it belongs to."""
    return {
        "actions": ActionPage.objects.filter(organisation_links__organisation=organisation),
        "groups": WorkingGroupPage.objects.live()
        .public()
        .filter(member_links__organisation=organisation)
        .order_by("path"),
    }


def audience_links(audience):
    """The actions meant for an audience (a queryset: its page shows one page of them)."""
    return {"actions": ActionPage.objects.filter(audience_links__audience=audience)}


def organisations_with_counts():
    """Every organisation with how many live actions it carries and groups it joins."""
    organisations = list(
        Organisation.objects.annotate(
            action_count=Count("action_links", filter=LIVE_ACTIONS, distinct=True),
            group_count=Count(
                "group_links", filter=Q(group_links__group__live=True), distinct=True
            ),
        ).order_by("name")
    )
    for organisation in organisations:
        organisation.counts_text = counts_text(organisation.action_count, organisation.group_count)
    return organisations


def audiences_with_counts():
    """Every audience with how many live actions are meant for it."""
    audiences = list(
        Audience.objects.annotate(
            action_count=Count("action_links", filter=LIVE_ACTIONS, distinct=True)
        ).order_by("name")
    )
    for audience in audiences:
        audience.counts_text = counts_text(audience.action_count)
    return audiences
