"""The PPLI's panels on the editors' dashboard: the plan's actions that lack something, with
their report, and the sign-up requests waiting for a decision."""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from core.request_cache import once_per_request
from home.dashboard import (
    BRUSSELS,
    DashboardPanel,
    DashboardReportView,
    FigureSummaryItem,
    editable_pages,
    filtered_url,
    french_count,
    guide_url,
)

from .models import ActionOrganisation, ActionPage, ActionStatus, SignupStatus, WorkingGroupSignup
from .signup_admin import DECIDE_PERMISSION, inspect_url, list_url

ACTIONS_REPORT_URL_NAME = "ppli_actions_to_complete"
PROBLEM_PARAMETER = "probleme"
OLDEST_PENDING_SIGNUPS = 5
PENDING_WORDS = ("demande d'inscription en attente", "demandes d'inscription en attente")


def without_partner():
    """No organisation under « Par qui ? » and no other actor written beside them."""
    organisations = ActionOrganisation.objects.filter(action=OuterRef("pk"))
    return ~Exists(organisations) & Q(by_whom_other="")


def without_status():
    """The state the booklet leaves unknown, until a person records one."""
    return Q(status=ActionStatus.UNKNOWN)


def without_thematic():
    """No thematic checked: the action shows on no thematic page."""
    thematics = ActionPage.thematics.through.objects.filter(actionpage=OuterRef("pk"))
    return ~Exists(thematics)


@dataclass(frozen=True)
class Problem:
    """Something an action of the plan lacks: its filter value, its condition, its words."""

    slug: str
    annotation: str
    condition: Callable[[], Q]
    choice: str  # the report's filter
    singular: str  # "1 action sans partenaire"
    plural: str
    short: str  # the report's "À compléter" column


PROBLEMS = [
    Problem(
        "sans-partenaire",
        "no_partner",
        without_partner,
        "Sans partenaire (« Par qui ? » vide)",
        "action sans partenaire",
        "actions sans partenaire",
        "partenaire",
    ),
    Problem(
        "sans-etat",
        "no_status",
        without_status,
        "État non renseigné",
        "action dont l'état n'est pas renseigné",
        "actions dont l'état n'est pas renseigné",
        "état",
    ),
    Problem(
        "sans-thematique",
        "no_thematic",
        without_thematic,
        "Sans thématique",
        "action sans thématique",
        "actions sans thématique",
        "thématique",
    ),
]


def any_problem():
    """Lacks at least one thing."""
    condition = Q(pk__in=[])
    for problem in PROBLEMS:
        condition |= problem.condition()
    return condition


def user_actions(user):
    """The plan's actions `user` may change."""
    return ActionPage.objects.filter(pk__in=editable_pages(user).values("pk"))


def actions_to_complete(user):
    """The actions `user` may change that lack something, each annotated with what it lacks
    (the report filters on these), in the plan's order."""
    return (
        user_actions(user)
        .filter(any_problem())
        .annotate(
            **{
                problem.annotation: ExpressionWrapper(
                    problem.condition(), output_field=BooleanField()
                )
                for problem in PROBLEMS
            }
        )
        .order_by("path")
    )


def missing_label(action):
    """ "partenaire, état" — what an action of `actions_to_complete` lacks."""
    return ", ".join(problem.short for problem in PROBLEMS if getattr(action, problem.annotation))


class PPLIQualityPanel(DashboardPanel):
    """« Qualité du PPLI »: how many actions lack a partner, a status, a thematic."""

    name = "ppli_quality"
    template_name = "ppli/admin/dashboard_quality_panel.html"
    order = 240

    def get_panel_data(self, parent_context):
        counts = user_actions(parent_context["request"].user).aggregate(
            total=Count("pk", filter=any_problem()),
            **{problem.slug: Count("pk", filter=problem.condition()) for problem in PROBLEMS},
        )
        return {
            "total": french_count(counts["total"], "action à compléter", "actions à compléter"),
            "total_url": reverse(ACTIONS_REPORT_URL_NAME),
            "problems": [
                {
                    "label": french_count(counts[problem.slug], problem.singular, problem.plural),
                    "url": filtered_url(
                        ACTIONS_REPORT_URL_NAME, **{PROBLEM_PARAMETER: problem.slug}
                    ),
                }
                for problem in PROBLEMS
            ],
            "help_url": guide_url("qualite-du-ppli"),
        }


class ActionProblemFilterSet(WagtailFilterSet):
    """The report's one filter: which problem."""

    probleme = django_filters.ChoiceFilter(
        label="Problème",
        choices=[(problem.slug, problem.choice) for problem in PROBLEMS],
        empty_label="Tous les problèmes",
        method="filter_problem",
    )

    class Meta:
        model = ActionPage
        fields = []

    def filter_problem(self, queryset, name, value):
        annotation = {problem.slug: problem.annotation for problem in PROBLEMS}[value]
        return queryset.filter(**{annotation: True})


class ActionsToCompleteView(DashboardReportView):
    """« Actions du PPLI à compléter »: the actions behind the panel's counts."""

    model = ActionPage
    page_title = "Actions du PPLI à compléter"
    header_icon = "tasks"
    intro = (
        "Les actions du plan auxquelles il manque un partenaire (« Par qui ? »), un état "
        "(cadre « Suivi ») ou une thématique."
    )
    no_results_message = "Aucune action à compléter ici."
    index_url_name = ACTIONS_REPORT_URL_NAME
    index_results_url_name = f"{ACTIONS_REPORT_URL_NAME}_results"
    filterset_class = ActionProblemFilterSet
    export_filename = "actions-ppli-a-completer"
    url_prefix = "ppli/actions-a-completer/"
    menu_order = 110
    dashboard_panel = PPLIQualityPanel
    columns = [
        DashboardReportView.title_column("Action"),
        Column("missing", label="À compléter", accessor=missing_label),
        DateColumn("latest_revision_created_at", label="Dernière modification"),
    ]

    def get_queryset(self):
        self.queryset = actions_to_complete(self.request.user)
        return super().get_queryset()


# Sign-up requests


def signup_list_url():
    """The requests' list, filtered on those waiting for a decision (signup_admin.py)."""
    return f"{list_url()}?status={SignupStatus.PENDING.value}"


def pending_signups_count(request):
    return once_per_request(
        request,
        "_dashboard_pending_signups",
        lambda request: WorkingGroupSignup.objects.filter(status=SignupStatus.PENDING).count(),
    )


def decides_signups(user):
    """May accept or refuse requests (the Coordination PPLI group, signup_admin.py)."""
    return user.has_perm(DECIDE_PERMISSION)


class PendingSignupsPanel(DashboardPanel):
    """« Demandes d'inscription en attente »: the count and the oldest requests."""

    name = "pending_signups"
    template_name = "ppli/admin/dashboard_pending_signups_panel.html"
    # Partners are waiting: before Wagtail's moderation panels (210).
    order = 200

    def get_panel_data(self, parent_context):
        count = pending_signups_count(parent_context["request"])
        oldest = []
        if count:
            oldest = [
                {
                    "organisation": signup.organisation_name,
                    "inspect_url": inspect_url(signup),
                    "group": signup.request_label(),
                    "date": date_format(timezone.localtime(signup.created_at, BRUSSELS), "j F Y"),
                    "iso": signup.created_at.isoformat(),
                }
                for signup in WorkingGroupSignup.objects.filter(
                    status=SignupStatus.PENDING
                ).order_by("created_at", "pk")[:OLDEST_PENDING_SIGNUPS]
            ]
        return {
            "count": count,
            "label": french_count(count, *PENDING_WORDS),
            "url": signup_list_url(),
            "all_url": list_url(),
            "oldest": oldest,
            "help_url": guide_url("demandes-dinscription-en-attente"),
        }


class PendingSignupsSummaryItem(FigureSummaryItem):
    """ "3 demandes d'inscription en attente" at the top of the dashboard, for those who
    decide."""

    order = 450
    icon = "group"

    def get_figure(self):
        count = pending_signups_count(self.request)
        return count, PENDING_WORDS[count >= 2], signup_list_url()
