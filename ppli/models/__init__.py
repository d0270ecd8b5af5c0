"""PPLI models: partner snippets, the plan's page hierarchy, the working groups and the
history of the PLI. The plan's audiences are shared with the library: taxonomies.models."""

from .groups import (
    ConcertationSpacePage,
    WorkingGroupIndexPage,
    WorkingGroupMember,
    WorkingGroupPage,
)
from .history import EssentialFor, HistoryIndexPage, HistorySheetPage
from .partners import Organisation, OrganisationKind
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
from .signup import PPLISettings, SignupStatus, WorkingGroupSignup

__all__ = [
    "ActionAudience",
    "ActionOrganisation",
    "ActionPage",
    "ActionStatus",
    "ActionStatusChange",
    "ConcertationSpacePage",
    "EssentialFor",
    "HistoryIndexPage",
    "HistorySheetPage",
    "AxisPage",
    "KeyIssue",
    "ObjectivePage",
    "Organisation",
    "OrganisationKind",
    "PPLISettings",
    "SignupStatus",
    "WorkingGroupSignup",
    "PPLIIndexPage",
    "PlanPage",
    "WorkingGroupIndexPage",
    "WorkingGroupMember",
    "WorkingGroupPage",
]
