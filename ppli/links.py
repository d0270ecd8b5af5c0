"""Cross-links from partners, audiences and thematics to the plan, computed, never typed twice."""

from django.db.models import Count, Q

from .models import ActionPage, Audience, AxisPage, Organisation, WorkingGroupPage
from .plan_tree import STEP, group_by_axis, with_plan_path

LIVE_ACTIONS = Q(action_links__action__live=True)


def organisation_links(organisation):
    """The actions an organisation carries and the groups it belongs to."""
    return {
        "actions_by_axis": group_by_axis(
            with_plan_path(
                ActionPage.objects.live()
                .public()
                .filter(organisation_links__organisation=organisation)
                .order_by("path"),
                levels=("objective", "axis"),
            )
        ),
        "groups": WorkingGroupPage.objects.live()
        .public()
        .filter(member_links__organisation=organisation)
        .order_by("path"),
    }


def audience_links(audience):
    """The actions meant for an audience."""
    return {
        "actions_by_axis": group_by_axis(
            with_plan_path(
                ActionPage.objects.live()
                .public()
                .filter(audience_links__audience=audience)
                .order_by("path"),
                levels=("objective", "axis"),
            )
        )
    }


def organisations_with_counts():
    """Every organisation with how many live actions it carries and groups it joins."""
    return Organisation.objects.annotate(
        action_count=Count("action_links", filter=LIVE_ACTIONS, distinct=True),
        group_count=Count("group_links", filter=Q(group_links__group__live=True), distinct=True),
    ).order_by("name")


def audiences_with_counts():
    """Every audience with how many live actions are meant for it."""
    return Audience.objects.annotate(
        action_count=Count("action_links", filter=LIVE_ACTIONS, distinct=True)
    ).order_by("name")


def thematic_links(thematic):
    """A thematic's PPLI objectives and actions grouped by axis, and its working groups."""
    actions = with_plan_path(
        thematic.ppli_actions.live().public().order_by("path"), levels=("axis",)
    )
    objectives = list(thematic.ppli_objectives.live().public().order_by("path"))
    axes = {action.axis.path: action.axis for action in actions if action.axis}
    missing = {o.path[:-STEP] for o in objectives} - set(axes)
    if missing:
        axes.update({a.path: a for a in AxisPage.objects.filter(path__in=missing)})
    for objective in objectives:
        objective.axis = axes.get(objective.path[:-STEP])
    sections = {}
    for objective in objectives:
        sections.setdefault(objective.axis, {"objectives": [], "actions": []})
        sections[objective.axis]["objectives"].append(objective)
    for action in actions:
        sections.setdefault(action.axis, {"objectives": [], "actions": []})
        sections[action.axis]["actions"].append(action)
    groups = (
        WorkingGroupPage.objects.live()
        .public()
        .filter(axis__in=[axis for axis in sections if axis is not None])
    )
    return {
        "ppli_sections": sorted(sections.items(), key=lambda pair: pair[0].path if pair[0] else ""),
        "ppli_groups": groups.order_by("path"),
    }
