"""The plan as a tree of axes, objectives and actions, loaded in a fixed number of queries.

Every page that shows plan content (overview, print, axis, objective, action, partners,
thematics, open data) goes through here, so the cross-links and the progress roll-up are
computed in one place.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.models import Page

from .models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    AxisPage,
    ObjectivePage,
    PlanPage,
)

STEP = Page.steplen


def mean_progress(values):
    """Mean of the known values, rounded to a whole percent; None when nothing is known."""
    known = [value for value in values if value is not None]
    return round(sum(known) / len(known)) if known else None


class RollUp:
    """Progress over a node's actions: the mean of the known values only, and how many of the
    actions have one (the page says "12 actions renseignées sur 54")."""

    @property
    def known_count(self):
        return sum(1 for action in self.all_actions() if action.progress is not None)


@dataclass
class ObjectiveNode(RollUp):
    page: ObjectivePage
    actions: list = field(default_factory=list)
    progress: int | None = None

    def all_actions(self):
        return self.actions

    @property
    def action_count(self):
        return len(self.actions)


@dataclass
class AxisNode(RollUp):
    page: AxisPage
    objectives: list = field(default_factory=list)
    progress: int | None = None

    def all_actions(self):
        return [action for objective in self.objectives for action in objective.actions]

    @property
    def action_count(self):
        return sum(len(objective.actions) for objective in self.objectives)


@dataclass
class PlanTree(RollUp):
    plan: PlanPage
    axes: list = field(default_factory=list)
    progress: int | None = None

    def all_actions(self):
        return self.actions()

    def roll_up(self):
        """Progress of each node: the mean of its known actions' progress."""
        for axis in self.axes:
            for objective in axis.objectives:
                objective.progress = mean_progress(a.progress for a in objective.actions)
            axis.progress = mean_progress(a.progress for a in axis.all_actions())
        self.progress = mean_progress(a.progress for a in self.actions())
        return self

    def filtered(self, keep_action):
        """A copy keeping only the actions that pass, and the objectives and axes holding them.

        Progress figures stay those of the whole plan.
        """
        axes = []
        for axis in self.axes:
            objectives = []
            for objective in axis.objectives:
                actions = [action for action in objective.actions if keep_action(action)]
                if actions:
                    objectives.append(ObjectiveNode(objective.page, actions, objective.progress))
            if objectives:
                axes.append(AxisNode(axis.page, objectives, axis.progress))
        return PlanTree(self.plan, axes, self.progress)

    def actions(self):
        """Every action of the tree, in plan order."""
        return [action for a in self.axes for o in a.objectives for action in o.actions]

    @property
    def action_count(self):
        return sum(len(o.actions) for a in self.axes for o in a.objectives)

    @property
    def objective_count(self):
        return sum(len(a.objectives) for a in self.axes)


def partner_prefetches():
    """What ActionPage.organisations / .audiences read, each in one query."""
    return [
        Prefetch("organisation_links", ActionOrganisation.objects.select_related("organisation")),
        Prefetch("audience_links", ActionAudience.objects.select_related("audience")),
    ]


def with_card_data(actions):
    """Actions with everything their cards show, prefetched (constant query count).

    Their bodies are left in the database: no card shows them, and a plan has hundreds.
    """
    return (
        actions.defer_streamfields()
        .select_related("working_group")
        .prefetch_related(*partner_prefetches())
    )


def action_queryset():
    """Live public actions in plan order, ready for cards."""
    return with_card_data(ActionPage.objects.live().public().order_by("path"))


def build_plan_tree(plan, axis=None, objective=None, thematics=False):
    """The tree of a plan, or of one of its axes or objectives, with progress rolled up.

    With `thematics`, objectives and actions come with their thematics prefetched (two more
    queries), for the exports that list them.
    """
    axes = AxisPage.objects.child_of(plan).live().public().prefetch_related("key_issues")
    if axis is not None:
        axes = axes.filter(pk=axis.pk)
    objectives = ObjectivePage.objects.live().public().order_by("path").defer_streamfields()
    actions = action_queryset()
    if thematics:
        objectives = objectives.prefetch_related("thematics")
        actions = actions.prefetch_related("thematics")
    scope = objective or axis or plan
    objectives = objectives.descendant_of(scope, inclusive=objective is not None)
    actions = actions.descendant_of(scope)

    tree = PlanTree(plan, [AxisNode(page) for page in axes.order_by("path")])
    axis_by_path = {node.page.path: node for node in tree.axes}
    objective_by_path = {}
    for page in objectives:
        axis_node = axis_by_path.get(page.path[:-STEP])
        if axis_node is not None:
            node = ObjectiveNode(page)
            axis_node.objectives.append(node)
            objective_by_path[page.path] = node
    for action in actions:
        objective_node = objective_by_path.get(action.path[:-STEP])
        if objective_node is not None:
            action.objective = objective_node.page
            action.axis = axis_by_path[action.path[: -2 * STEP]].page
            objective_node.actions.append(action)
    return tree.roll_up()


# The plan pages above an action, with how many levels up each one is.
PLAN_LEVELS = {"objective": (ObjectivePage, 1), "axis": (AxisPage, 2), "plan": (PlanPage, 3)}
ALL_LEVELS = tuple(PLAN_LEVELS)


def attach_plan_path(actions, levels=ALL_LEVELS):
    """Set the pages above each action that the caller shows (`objective`, `axis`, `plan`).

    One query per level asked, for any number of actions.
    """
    paths = {action.path for action in actions}
    for level in levels:
        model, up = PLAN_LEVELS[level]
        wanted = {path[: -up * STEP] for path in paths}
        found = {page.path: page for page in model.objects.filter(path__in=wanted)}
        for action in actions:
            setattr(action, level, found.get(action.path[: -up * STEP]))
    return actions


def with_plan_path(actions, levels=ALL_LEVELS):
    """Actions ready for cards, with the asked pages above them attached."""
    return attach_plan_path(list(with_card_data(actions)), levels)


def group_by_axis(items):
    """[(axis, [items…]), …] in plan order, for items that carry an `axis` attribute."""
    groups = {}
    for item in items:
        groups.setdefault(item.axis, []).append(item)
    return sorted(groups.items(), key=lambda pair: pair[0].path if pair[0] else "")


def action_context(action):
    """What an action's page shows besides its own fields: its path and its follow-up."""
    attach_plan_path([action])
    prefetch_related_objects([action], *partner_prefetches())
    return {
        "plan": action.plan,
        "axis": action.axis,
        "objective": action.objective,
        "action_organisations": action.organisations,
        "action_audiences": action.audiences,
        "action_thematics": action.thematics.live().public(),
        "status_changes": action.status_changes.all(),
    }
