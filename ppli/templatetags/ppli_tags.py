"""Template tags for PPLI links: partner and audience pages hang off the PPLI landing."""

from django import template

from ppli import cards
from ppli.cards import PartnerUrls
from ppli.links import paginated_actions
from ppli.overview import plan_overview_context

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_url(context, organisation):
    """The public page of a partner of the plan."""
    return PartnerUrls.for_request(context.get("request")).url("organisation", organisation.slug)


@register.simple_tag(takes_context=True)
def audience_url(context, audience):
    """The public page of an audience of the plan."""
    return PartnerUrls.for_request(context.get("request")).url("audience", audience.slug)


# Lists of plan items: one loop in Python each, no include per card (ppli/cards.py).
register.simple_tag(cards.objective_blocks, takes_context=True, name="objective_blocks")
register.simple_tag(cards.action_cards, takes_context=True, name="action_cards")
register.simple_tag(cards.action_facts, takes_context=True, name="action_facts")


@register.inclusion_tag("ppli/includes/progress.html")
def progress(label, id, node=None, value=None):
    """An action's progress (`value`), or a node's: the mean of its actions whose progress is
    known, and how many they are."""
    return {
        "label": label,
        "id": id,
        "node": node,
        "value": node.progress if node is not None else value,
    }


@register.inclusion_tag("ppli/includes/plan_overview.html", takes_context=True)
def plan_overview(context):
    """The plan overview: progress, filters from the URL, the (filtered) tree, the booklet's
    sections. Built here rather than by the page model, which imports no form."""
    # The page's whole context (glossary, settings…), plus the overview's.
    return {**context.flatten(), **plan_overview_context(context["page"], context["request"])}


@register.simple_tag(takes_context=True)
def actions_page(context, actions):
    """One page of `actions` grouped by axis, with its pagination (ppli/links.py): for the
    partners' and audiences' pages, whose models import no form."""
    return paginated_actions(actions, context.get("request"))


@register.simple_tag
def plan_export_url(plan, extension):
    """The plan's open data in ``extension`` ("json" or "csv")."""
    return plan.export_url(extension)
