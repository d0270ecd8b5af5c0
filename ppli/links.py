"""A thematic's links to the plan (its section on the thematic page), computed, never typed twice.

The partners' and audiences' own links are beside the models (plan.py)."""

from .models import AxisPage, WorkingGroupPage
from .models.plan import with_plan_path
from .models.tree import STEP


def thematic_links(thematic):
    """A thematic's PPLI content, [(axis, [(objective, [actions…])…])…] in plan order: the
    objectives tagged with it and those of the actions tagged with it, each once."""
    actions = with_plan_path(
        thematic.ppli_actions.live().public().order_by("path"), levels=("objective", "axis")
    )
    objectives = {o.path: o for o in thematic.ppli_objectives.live().public()}
    for action in actions:
        if action.objective is not None:
            objectives.setdefault(action.objective.path, action.objective)
    axes = {action.axis.path: action.axis for action in actions if action.axis}
    missing = {path[:-STEP] for path in objectives} - set(axes)
    if missing:
        axes.update({a.path: a for a in AxisPage.objects.filter(path__in=missing)})
    by_objective = {}
    for action in actions:
        by_objective.setdefault(action.path[:-STEP], []).append(action)
    sections = {}
    for path in sorted(objectives):
        axis = axes.get(path[:-STEP])
        sections.setdefault(axis, []).append((objectives[path], by_objective.get(path, [])))
    groups = (
        WorkingGroupPage.objects.live()
        .public()
        .filter(axis__in=[axis for axis in sections if axis is not None])
    )
    return {
        "ppli_sections": sorted(sections.items(), key=lambda pair: pair[0].path if pair[0] else ""),
        "ppli_groups": groups.order_by("path"),
    }
