"""Working groups (GT), the comité d'accompagnement pratique and other concertation spaces."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable
from wagtail.search import index

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
    """Pages that carry the sign-up form. The form (GET shows it, POST stores the request) is
    served by ppli's `before_serve_page` hook (wagtail_hooks.py, signup_views.py), after
    Wagtail's own checks: the models import no view or form."""

    def signup_groups(self):
        """The groups ticked when the form first shows."""
        return []

    def shows_signup_form(self, serve_args):
        """Does this request (Wagtail's route arguments) reach the form?"""
        return True


class WorkingGroupIndexPage(SignupFormMixin, RoutablePageMixin, BasePage):
    """The working groups of the plan and the sign-up form, at /ppli/groupes-de-travail/."""

    max_count = 1
    parent_page_types = ["ppli.PPLIIndexPage"]
    subpage_types = ["ppli.WorkingGroupPage"]

    class Meta:
        verbose_name = _("index des groupes de travail")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = (
            WorkingGroupPage.objects.child_of(self).live().public().select_related("axis")
        )
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


class WorkingGroupPage(SignupFormMixin, BasePage):
    """A concertation space partners can join: its role, schedule, contact and members."""

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
        help_text=_(
            "Affiché sous « Contact » ; reçoit aussi les demandes d'inscription au groupe."
        ),
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

    def signup_groups(self):
        return [self]

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
    """Names of organisations whose request to join was accepted (no personal data)."""
    names = group.signups.filter(status=SignupStatus.ACCEPTED).values_list(
        "organisation_name", flat=True
    )
    return sorted(set(names), key=str.casefold)


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
