"""The network members staff may ask about an expertise request (« Membres du réseau à
solliciter » on the request's page, network/staff_views.py): pure queries, in a fixed number
whatever the size of the plan and of the network.

- Members: the accepted sign-ups to the PPLI's network (ppli.WorkingGroupSignup) that chose the
  request's thematic, or an axis of that thematic. An axis "of" a thematic is an AxisPage above
  a live objective or action tagged with it (ppli/models/plan.py: axes hold objectives, which
  hold actions).
- Partners: the organisations named under « Par qui ? » of the live actions tagged with the
  thematic. They have no e-mail: staff reach them through their page and their website, or
  through the accepted sign-up linked to them, when there is one.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q

from ppli.models import (
    ActionOrganisation,
    ActionPage,
    AxisPage,
    ObjectivePage,
    Organisation,
    SignupStatus,
    WorkingGroupSignup,
)
from thematiques.models import ThematicPage


@dataclass
class MemberSuggestion:
    """An accepted sign-up, with why it is suggested: the thematic itself, and/or axes."""

    signup: WorkingGroupSignup
    by_thematic: bool
    axes: list = field(default_factory=list)  # the thematic's axes the member chose

    @property
    def reason(self):
        """ "Thématique", "Axe 2°", "Thématique ; axes 1° & 4°, 2°"."""
        parts = []
        if self.by_thematic:
            parts.append("thématique")
        if self.axes:
            numbers = ", ".join(axis.number for axis in self.axes)
            parts.append(("axes " if len(self.axes) > 1 else "axe ") + numbers)
        text = " ; ".join(parts)
        return text[:1].upper() + text[1:]


@dataclass
class PartnerSuggestion:
    """A partner named under « Par qui ? » of the thematic's actions, the numbers of those
    actions, and the accepted sign-ups linked to it (through whom staff may write to it)."""

    organisation: Organisation
    actions: list = field(default_factory=list)  # action numbers, in the plan's order
    signups: list = field(default_factory=list)


def thematic_axes(thematic):
    """The axes above the live objectives and actions tagged with `thematic`, in the plan's
    order: one query (an axis's descendants' paths start with its own)."""
    below = (
        ActionPage.objects.live()
        .filter(thematics=thematic, path__startswith=OuterRef("path"))
        .values("pk")
    )
    objectives_below = (
        ObjectivePage.objects.live()
        .filter(thematics=thematic, path__startswith=OuterRef("path"))
        .values("pk")
    )
    return AxisPage.objects.filter(Exists(below) | Exists(objectives_below)).order_by("path")


def suggested_members(thematic):
    """The accepted sign-ups that chose `thematic` or one of its axes, those of the thematic
    first, then by organisation: four queries (the axes, the sign-ups, their axes and their
    thematics)."""
    if thematic is None:
        return []
    axes = list(thematic_axes(thematic))
    axis_ids = {axis.pk for axis in axes}
    signups = (
        WorkingGroupSignup.objects.filter(status=SignupStatus.ACCEPTED)
        .filter(Q(thematics=thematic) | Q(axes__in=axis_ids))
        .distinct()
        .order_by("organisation_name", "pk")
        .prefetch_related(
            Prefetch("axes", queryset=AxisPage.objects.order_by("path")),
            Prefetch("thematics", queryset=ThematicPage.objects.only("pk")),
        )
    )
    suggestions = [
        MemberSuggestion(
            signup=signup,
            by_thematic=any(each.pk == thematic.pk for each in signup.thematics.all()),
            axes=[axis for axis in signup.axes.all() if axis.pk in axis_ids],
        )
        for signup in signups
    ]
    suggestions.sort(key=lambda suggestion: not suggestion.by_thematic)
    return suggestions


def suggested_partners(thematic):
    """The organisations under « Par qui ? » of the live actions tagged with `thematic`, by
    name, each with its actions and accepted sign-ups: two queries."""
    if thematic is None:
        return []
    links = (
        ActionOrganisation.objects.filter(
            action__in=ActionPage.objects.live().filter(thematics=thematic).values("pk")
        )
        .select_related("organisation")
        .annotate(action_number=F("action__number"), action_path=F("action__path"))
        .order_by("organisation__name", "organisation_id", "action__path")
    )
    partners = {}
    for link in links:
        partner = partners.setdefault(
            link.organisation_id, PartnerSuggestion(organisation=link.organisation)
        )
        if link.action_number not in partner.actions:
            partner.actions.append(link.action_number)
    if partners:
        for signup in WorkingGroupSignup.objects.filter(
            status=SignupStatus.ACCEPTED, organisation_id__in=partners
        ).order_by("organisation_name", "pk"):
            partners[signup.organisation_id].signups.append(signup)
    return list(partners.values())
