"""Cross-links from partners, audiences and thematics to the plan, computed, never typed twice."""

from django.db.models import Count, Q
from django.utils.translation import ngettext

from taxonomies.models import Audience

from .models import ActionPage, AxisPage, Organisation, WorkingGroupPage
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


def counts_text(actions, groups=0):
    """ "3 actions, 1 groupe de travail" for a partner or audience card."""
    parts = [ngettext("%(n)d action", "%(n)d actions", actions) % {"n": actions}]
    if groups:
        parts.append(
            ngettext("%(n)d groupe de travail", "%(n)d groupes de travail", groups) % {"n": groups}
        )
    return ", ".join(parts)


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
