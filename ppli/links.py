"""A thematic's links to the plan (its section on the thematic page), computed, never typed twice.

The partners' and audiences' own links are beside the models (plan.py)."""

from .models import AxisPage, ObjectivePage, WorkingGroupPage
from .models.plan import action_rows
from .models.rows import AxisRow, ObjectiveRow, rows_of
from .models.tree import STEP, ObjectiveNode


def thematic_links(thematic):
    """A thematic's PPLI content, [(axis, [ObjectiveNode…])…] in plan order, as rows: the
    objectives tagged with it and those of the actions tagged with it, each once."""
    actions = action_rows(thematic.ppli_actions.live().public().order_by("path"))
    objectives = {
        row.path: row for row in rows_of(ObjectiveRow, thematic.ppli_objectives.live().public())
    }
    # The objectives above the actions, tagged or not: read whenever there are actions, so
    # that the page's query count does not depend on which ones are tagged.
    parents = {action.path[:-STEP] for action in actions}
    for row in rows_of(ObjectiveRow, ObjectivePage.objects.filter(path__in=parents)):
        objectives.setdefault(row.path, row)
    axes = {
        row.path: row
        for row in rows_of(
            AxisRow, AxisPage.objects.filter(path__in={path[:-STEP] for path in objectives})
        )
    }
    by_objective = {}
    for action in actions:
        by_objective.setdefault(action.path[:-STEP], []).append(action)
    sections = {}
    for path in sorted(objectives):
        axis = axes.get(path[:-STEP])
        sections.setdefault(axis, []).append(
            ObjectiveNode(objectives[path], by_objective.get(path, []))
        )
    groups = (
        WorkingGroupPage.objects.live()
        .public()
        .filter(axis__pk__in=[axis.pk for axis in sections if axis is not None])
    )
    return {
        "ppli_sections": sorted(sections.items(), key=lambda pair: pair[0].path if pair[0] else ""),
        "ppli_groups": groups.order_by("path"),
    }
