"""The working groups (GT) and comité d'accompagnement pratique of the 2017-2020 plan (a record
of what each carried), and the concertation spaces of the PPLI's network that partners join."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.permissions import SectionPagePermissionTester
from home.models import BasePage, EditorialPageForm
from home.ordered_links import OrderedLinksField, OrderedLinksFormMixin
from thematiques.models import ThematicPage

from .partners import Organisation
from .rows import action_rows
from .signup import SignupStatus


class WorkingGroupKind(models.TextChoices):
    WORKING_GROUP = "gt", _("groupe de travail (GT)")
    COMMITTEE = "comite", _("comité d'accompagnement pratique")
    PLATFORM = "plateforme", _("plateforme")
    LOCAL_COORDINATION = "coordination", _("coordination locale")


# Where the sign-up's result waits for the confirmation page (signup_views.py writes it).
SIGNUP_RESULT_SESSION_KEY = "ppli_signup_confirmation"


class SignupFormMixin:
    """Pages that carry the form « Rejoindre le réseau du PPLI ». The form (GET shows it, POST
    stores the request) is served by ppli's `before_serve_page` hook (wagtail_hooks.py,
    signup_views.py), after Wagtail's own checks: the models import no view or form."""

    def shows_signup_form(self, serve_args):
        """Does this request (Wagtail's route arguments) reach the form?"""
        return True


class WorkingGroupIndexPage(SignupFormMixin, RoutablePageMixin, BasePage):
    """The 2017-2020 working groups (a record), the concertation spaces of the network and the
    form « Rejoindre le réseau du PPLI », at /ppli/groupes-de-travail/."""

    permission_tester_class = SectionPagePermissionTester

    max_count = 1
    parent_page_types = ["ppli.PPLIIndexPage"]
    subpage_types = ["ppli.WorkingGroupPage", "ppli.ConcertationSpacePage"]

    class Meta:
        verbose_name = _("index des groupes de travail")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The private sections, read once for both lists (public() reads them at each call).
        private = Page.objects.private_q()
        context["groups"] = (
            WorkingGroupPage.objects.child_of(self).live().exclude(private).select_related("axis")
        )
        context["spaces"] = ConcertationSpacePage.objects.child_of(self).live().exclude(private)
        return context

    def shows_signup_form(self, serve_args):
        # A routable page: its own address carries the form, not the confirmation.
        # Wagtail routes it with the bound view method as first argument.
        view = serve_args[0] if serve_args else None
        return view is None or getattr(view, "__func__", None) is WorkingGroupIndexPage.index

    @path("")
    def index(self, request, *args, **kwargs):
        """The groups (the form is added by the hook; a preview shows the page without it)."""
        return self.render(request)

    @path("confirmation/", name="confirmation")
    def confirmation(self, request):
        """Thank the partner, saying which requests were recorded and which were pending."""
        return self.render(
            request,
            context_overrides={"result": request.session.pop(SIGNUP_RESULT_SESSION_KEY, None)},
            template="ppli/signup_confirmation.html",
        )


class WorkingGroupPageForm(OrderedLinksFormMixin, EditorialPageForm):
    """A group's editor: its member organisations chosen by typing names, in order."""

    members = OrderedLinksField(
        "member_links",
        "organisation",
        Organisation,
        label=_("Organisations membres"),
        help_text=_(
            "Tapez le début d'un nom ou d'un sigle, choisissez, puis tapez le suivant : chaque "
            "choix est gardé, dans l'ordre de la page publique."
        ),
    )


class WorkingGroupPage(BasePage):
    """A working group (or the comité) of the 2017-2020 plan, kept as the record of what it
    carried: its role, axis, contact, members and actions. No sign-up: partners join the
    network (« Rejoindre le réseau du PPLI », on the index page)."""

    permission_tester_class = SectionPagePermissionTester

    base_form_class = WorkingGroupPageForm

    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=WorkingGroupKind.choices,
        default=WorkingGroupKind.WORKING_GROUP,
        help_text=_("Affiché au-dessus du titre du groupe et sur sa carte."),
    )
    axis = models.ForeignKey(
        "ppli.AxisPage",
        verbose_name=_("axe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_groups",
        help_text=_(
            "L'axe du plan que suit le groupe : les deux pages se renvoient l'une à l'autre."
        ),
    )
    description = models.TextField(
        _("rôle"),
        blank=True,
        help_text=_(
            "Ce que fait le groupe, en une ou deux phrases : affiché en tête de sa page et "
            "repris par les moteurs de recherche."
        ),
    )
    meeting_schedule = models.CharField(
        _("calendrier des réunions"),
        max_length=255,
        blank=True,
        help_text=_("Quand le groupe se réunit, en quelques mots : affiché sous « Réunions »."),
    )
    contact_name = models.CharField(
        _("personne de contact"),
        max_length=150,
        blank=True,
        help_text=_("Prénom et nom, affichés sous « Contact » sur la page du groupe."),
    )
    contact_email = models.EmailField(
        _("e-mail de contact"),
        blank=True,
        help_text=_("Affiché sous « Contact » sur la page du groupe."),
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("axis")]),
        FieldPanel("description"),
        FieldPanel("meeting_schedule"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")])],
            heading=_("Contact"),
        ),
        FieldPanel("members"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    # "groupe de travail logement" finds the housing group: its kind, its axis and the
    # thematics of that axis (ppli/signals.py re-indexes it when they change). Not its role:
    # the plan's groups all say "le livret du PPLI prévoit…", and "livret PPLI" would find
    # the six groups before the booklet.
    search_fields = BasePage.search_fields + [
        index.SearchField("get_kind_display"),
        index.RelatedFields(
            "axis", [index.SearchField("number"), index.SearchField("short_title")]
        ),
        index.SearchField("thematic_titles"),
    ]

    parent_page_types = ["ppli.WorkingGroupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["group_members"] = [
            link.organisation for link in self.member_links.select_related("organisation")
        ]
        context["group_actions"] = action_rows(self.actions.live().public().order_by("path"))
        context["accepted_organisations"] = accepted_organisation_names(self)
        context["meta_description"] = self.description
        return context

    def thematic_titles(self):
        """The live thematics of the objectives and actions of the group's axis, the
        thematics whose pages list the group (ppli/links.py), one a line; one query (and
        the axis, unless read with the group)."""
        if self.axis_id is None:
            return ""
        axis_path = self.axis.path
        tagged = Q(ppli_objectives__path__startswith=axis_path, ppli_objectives__live=True)
        tagged_actions = Q(ppli_actions__path__startswith=axis_path, ppli_actions__live=True)
        thematics = ThematicPage.objects.live().filter(
            Q(pk__in=ThematicPage.objects.filter(tagged).values("pk"))
            | Q(pk__in=ThematicPage.objects.filter(tagged_actions).values("pk"))
        )
        return "\n".join(thematics.order_by("title").values_list("title", flat=True))


def accepted_organisation_names(group):
    """Names of organisations whose request to join was accepted (no personal data): a group's
    requests of 2017-2020, or a concertation space's requests through the network form."""
    names = group.signups.filter(status=SignupStatus.ACCEPTED).values_list(
        "organisation_name", flat=True
    )
    return sorted(set(names), key=str.casefold)


class ConcertationSpacePage(BasePage):
    """A concertation space of the PPLI's network today (a local coordination, a platform…).

    Staff open it to sign-ups: it is then offered in the form « Rejoindre le réseau du PPLI »,
    and its contact receives the requests that choose it. None is created from the sources
    (seed 004 names the local coordinations without listing them)."""

    permission_tester_class = SectionPagePermissionTester

    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=WorkingGroupKind.choices,
        default=WorkingGroupKind.LOCAL_COORDINATION,
        help_text=_("Affiché au-dessus du titre de l'espace et dans le formulaire d'inscription."),
    )
    description = models.TextField(
        _("rôle"),
        blank=True,
        help_text=_(
            "Ce que fait l'espace, en une ou deux phrases : affiché en tête de sa page et "
            "repris par les moteurs de recherche."
        ),
    )
    meeting_schedule = models.CharField(
        _("calendrier des réunions"),
        max_length=255,
        blank=True,
        help_text=_("Quand l'espace se réunit, en quelques mots : affiché sous « Réunions »."),
    )
    contact_name = models.CharField(
        _("personne de contact"),
        max_length=150,
        blank=True,
        help_text=_("Prénom et nom, affichés sous « Contact » sur la page de l'espace."),
    )
    contact_email = models.EmailField(
        _("e-mail de contact"),
        blank=True,
        help_text=_(
            "Affiché sous « Contact » ; reçoit les demandes des partenaires qui choisissent cet "
            "espace (sans adresse ici : l'e-mail de coordination du PPLI, sinon celui du centre)."
        ),
    )
    open_for_signup = models.BooleanField(
        _("ouvert aux inscriptions"),
        default=False,
        help_text=_(
            "Cochez pour proposer cet espace dans le formulaire « Rejoindre le réseau du PPLI » ; "
            "décochez pour ne plus le proposer (les demandes déjà reçues sont gardées)."
        ),
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("open_for_signup")]),
        FieldPanel("description"),
        FieldPanel("meeting_schedule"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")])],
            heading=_("Contact"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("get_kind_display"),
        index.SearchField("description"),
    ]

    parent_page_types = ["ppli.WorkingGroupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("espace de concertation")
        verbose_name_plural = _("espaces de concertation")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["accepted_organisations"] = accepted_organisation_names(self)
        context["meta_description"] = self.description
        return context


class WorkingGroupMember(Orderable):
    """An organisation approved as a member of a working group."""

    group = ParentalKey(WorkingGroupPage, on_delete=models.CASCADE, related_name="member_links")
    organisation = models.ForeignKey(
        "ppli.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="group_links",
    )

    panels = [FieldPanel("organisation")]
