"""A thematic's links to the plan (its section on the thematic page), and the paginated list
of actions on a partner's or an audience's page: computed, never typed twice.

Both cost the same at ten times the plan as at one: the thematic page reads counts and the
first few actions of each axis, the partner pages one page of actions (issue 26). The
partners' and audiences' own links are beside the models (plan.py).
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.forms import other_pages_query, paginate

from .models import ActionPage, AxisPage, ObjectivePage, PlanPage, WorkingGroupPage
from .models.plan import attach_plan_path, numbered_title
from .models.rows import AxisRow, action_rows, rows_of
from .models.tree import STEP, group_by_axis

# Actions named under each axis of a thematic's summary; the rest are one link away, in the
# plan overview filtered by the thematic.
SUMMARY_ACTIONS = 3
# Actions per page of a partner's or an audience's page (as many as the directory's entries).
ACTIONS_PER_PAGE = 20


@dataclass(slots=True, eq=False)
class ActionLink:
    """A page named in a thematic's summary: an action ("Action 16.1 : …") or a group."""

    title: str
    url_path: str


class CountedSummary:
    """A part of a thematic's summary that counts its objectives and actions."""

    __slots__ = ()

    @property
    def counts(self):
        """ "3 objectifs et 6 actions", as the summary writes them."""
        return counts_text(self.objective_count, self.action_count)


@dataclass(slots=True, eq=False)
class AxisSummary(CountedSummary):
    """What concerns a thematic in one axis: how many objectives and actions, the first
    actions, and the overview's query for all of them."""

    axis: AxisRow | None
    objective_count: int = 0
    action_count: int = 0
    actions: list = field(default_factory=list)
    query: str = ""

    @property
    def more(self):
        """How many actions the summary does not name."""
        return self.action_count - len(self.actions)

    @property
    def more_text(self):
        """The link to every action of the axis in the filtered overview."""
        return ngettext(
            "La seule action de cet axe", "Les %(n)d actions de cet axe", self.action_count
        ) % {"n": self.action_count}


@dataclass(slots=True, eq=False)
class PlanSummary(CountedSummary):
    """A plan edition's part of a thematic's summary, axis by axis."""

    title: str
    url_path: str
    axes: list = field(default_factory=list)
    query: str = ""

    @property
    def objective_count(self):
        return sum(axis.objective_count for axis in self.axes)

    @property
    def action_count(self):
        return sum(axis.action_count for axis in self.axes)

    @property
    def more_text(self):
        """The link to the plan overview filtered by the thematic."""
        return ngettext(
            "Voir la seule action dans la vue d'ensemble du plan",
            "Voir les %(n)d actions dans la vue d'ensemble du plan",
            self.action_count,
        ) % {"n": self.action_count}


def counts_text(objectives, actions):
    """ "3 objectifs et 6 actions", "1 objectif", "1 action": no zero is ever written."""
    parts = []
    if objectives:
        parts.append(ngettext("%(n)d objectif", "%(n)d objectifs", objectives) % {"n": objectives})
    if actions:
        parts.append(ngettext("%(n)d action", "%(n)d actions", actions) % {"n": actions})
    return _(" et ").join(parts)


def parent_path(levels):
    """SQL: the path of the page `levels` above the row's page (Wagtail's materialised path)."""
    return Substr("path", 1, Length("path") - levels * STEP)


def thematic_actions(thematic):
    """The live, public actions that the plan overview keeps for this thematic: those tagged
    with it and those of the objectives tagged with it (ppli/overview.py, `tagged_with`)."""
    tagged_actions = ActionPage.thematics.through.objects.filter(thematicpage=thematic)
    tagged_objectives = ObjectivePage.objects.filter(thematics=thematic)
    return (
        ActionPage.objects.live()
        .public()
        .annotate(objective_path=parent_path(1))
        .filter(
            Q(pk__in=tagged_actions.values("actionpage_id"))
            | Q(objective_path__in=tagged_objectives.values("path"))
        )
    )


def thematic_summary(thematic):
    """A thematic's part of the plan, short: per plan and axis, how many objectives and
    actions concern it and the first SUMMARY_ACTIONS actions; and the working groups of those
    axes. A fixed number of queries, a bounded number of rows, however large the plan."""
    actions = thematic_actions(thematic)
    # The first actions of each axis, with the axis's total: one query, a few rows per axis.
    first = (
        actions.annotate(
            axis_path=parent_path(2),
            rank=Window(RowNumber(), partition_by=[F("axis_path")], order_by=F("path").asc()),
            axis_total=Window(Count("pk"), partition_by=[F("axis_path")]),
        )
        .filter(rank__lte=SUMMARY_ACTIONS)
        .order_by("path")
        .values_list("axis_path", "axis_total", "number", "text", "url_path")
    )
    # The objectives tagged, and those above the actions: counted per axis.
    objectives = (
        ObjectivePage.objects.live()
        .public()
        .filter(
            Q(thematics=thematic) | Q(path__in=actions.values("objective_path")),
        )
        .values("pk")
    )
    objective_counts = (
        ObjectivePage.objects.filter(pk__in=objectives)
        .annotate(axis_path=parent_path(1))
        .order_by()
        .values("axis_path")
        .annotate(count=Count("pk"))
        .values_list("axis_path", "count")
    )
    summaries = {}
    for axis_path, count in objective_counts:
        summaries[axis_path] = AxisSummary(None, objective_count=count)
    for axis_path, total, number, text, url_path in first:
        summary = summaries.setdefault(axis_path, AxisSummary(None))
        summary.action_count = total
        # Its number and text as the plan writes them now (the page title keeps the text it
        # was created with), cut as the titles are.
        title = numbered_title(ActionPage.title_prefix, number, text)
        summary.actions.append(ActionLink(title, url_path))
    if not summaries:
        return {"ppli_plans": [], "ppli_groups": []}
    axes = rows_of(AxisRow, AxisPage.objects.filter(path__in=summaries).order_by("path"))
    plans = {
        path: PlanSummary(title, url_path, query=urlencode({"thematique": thematic.slug}))
        for path, title, url_path in PlanPage.objects.filter(
            path__in={axis.path[:-STEP] for axis in axes}
        ).values_list("path", "title", "url_path")
    }
    for axis in axes:
        plan = plans.get(axis.path[:-STEP])
        if plan is None:
            continue
        summary = summaries[axis.path]
        summary.axis = axis
        summary.query = urlencode({"axe": axis.slug, "thematique": thematic.slug})
        plan.axes.append(summary)
    groups = (
        WorkingGroupPage.objects.live()
        .public()
        .filter(axis__pk__in=[axis.pk for axis in axes])
        .order_by("path")
        .values_list("title", "url_path")
    )
    return {
        "ppli_plans": [plans[path] for path in sorted(plans) if plans[path].axes],
        "ppli_groups": [ActionLink(title, url_path) for title, url_path in groups],
    }


def paginated_actions(actions, request):
    """One page of `actions` (a queryset of action pages, e.g. those a partner carries): live
    and public, in plan order, grouped by axis and objective, with the links to the other
    pages. The page number is a GET parameter the page cache recognises (core/forms.py)."""
    ids = actions.live().public().order_by("path").values_list("pk", flat=True)
    results = paginate(ids, ACTIONS_PER_PAGE, request)
    page_actions = ActionPage.objects.filter(pk__in=list(results.object_list)).order_by("path")
    rows = attach_plan_path(action_rows(page_actions), levels=("objective", "axis"), as_rows=True)
    count = results.paginator.count
    if results.has_other_pages():
        count_text = _("Actions %(first)d à %(last)d sur %(count)d") % {
            "first": results.start_index(),
            "last": results.end_index(),
            "count": count,
        }
    else:
        count_text = ngettext("%(n)d action", "%(n)d actions", count) % {"n": count}
    return {
        "results": results,
        "count": count,
        "count_text": count_text,
        "actions_by_axis": group_by_axis(rows),
        "query_string": other_pages_query(request),
    }
