"""PPLI models: partner snippets, the plan's page hierarchy and the working groups."""

from .groups import WorkingGroupIndexPage, WorkingGroupMember, WorkingGroupPage
from .partners import Audience, Organisation
from .plan import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    AxisPage,
    KeyIssue,
    ObjectivePage,
    PlanPage,
    PPLIIndexPage,
)

__all__ = [
    "ActionAudience",
    "ActionOrganisation",
    "ActionPage",
    "ActionStatus",
    "ActionStatusChange",
    "Audience",
    "AxisPage",
    "KeyIssue",
    "ObjectivePage",
    "Organisation",
    "PPLIIndexPage",
    "PlanPage",
    "WorkingGroupIndexPage",
    "WorkingGroupMember",
    "WorkingGroupPage",
]
