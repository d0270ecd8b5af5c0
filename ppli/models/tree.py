"""The plan as a tree of axes, objectives and actions, and its progress roll-up.

Plain data: the pages are read as rows (rows.py) by `build_plan_tree` (plan.py), in a fixed
number of queries.
Every page that shows plan content (overview, print, axis, objective, action, partners,
thematics, open data) goes through it, so the cross-links and the roll-up are computed in one
place.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from .rows import AxisRow, ObjectiveRow

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

    @property
    def known_text(self):
        """How many of the actions have a known progress, in French: "1 action renseignée
        sur 6", "la seule action est renseignée", "les 3 actions sont renseignées"."""
        known, total = self.known_count, self.action_count
        if known == total == 1:
            return _("la seule action est renseignée")
        if known == total:
            return _("les %(total)d actions sont renseignées") % {"total": total}
        return ngettext(
            "%(known)d action renseignée sur %(total)d",
            "%(known)d actions renseignées sur %(total)d",
            known,
        ) % {"known": known, "total": total}


@dataclass
class ObjectiveNode(RollUp):
    page: ObjectiveRow
    actions: list = field(default_factory=list)
    progress: int | None = None

    def all_actions(self):
        return self.actions

    @property
    def action_count(self):
        return len(self.actions)


@dataclass
class AxisNode(RollUp):
    page: AxisRow
    objectives: list = field(default_factory=list)
    progress: int | None = None

    def all_actions(self):
        return [action for objective in self.objectives for action in objective.actions]

    @property
    def action_count(self):
        return sum(len(objective.actions) for objective in self.objectives)


@dataclass
class PlanTree(RollUp):
    plan: Page
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


def group_by_axis(actions):
    """[(axis, [ObjectiveNode…]), …] in plan order, for action rows in plan order that carry
    their `axis` and `objective` (an action of a missing axis goes under None)."""
    groups = {}
    for action in actions:
        nodes = groups.setdefault(action.axis, [])
        if not nodes or nodes[-1].page is not action.objective:
            nodes.append(ObjectiveNode(action.objective))
        nodes[-1].actions.append(action)
    return sorted(groups.items(), key=lambda pair: pair[0].path if pair[0] else "")


def counts_text(actions, groups=0):
    """ "3 actions, 1 groupe de travail" for a partner or audience card."""
    parts = [ngettext("%(n)d action", "%(n)d actions", actions) % {"n": actions}]
    if groups:
        parts.append(
            ngettext("%(n)d groupe de travail", "%(n)d groupes de travail", groups) % {"n": groups}
        )
    return ", ".join(parts)
