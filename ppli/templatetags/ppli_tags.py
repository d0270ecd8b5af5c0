"""Template tags for PPLI links: partner and audience pages hang off the PPLI landing."""

from django import template

from ppli.models import PPLIIndexPage
from ppli.overview import plan_overview_context

register = template.Library()


def subpage_url(request, name, slug):
    """The URL of one of the PPLI landing's own routes (a partner's or an audience's page).

    The landing and its URL are looked up once per request; no landing, no link.
    """
    if not hasattr(request, "ppli_landing"):
        landing = PPLIIndexPage.objects.live().first()
        request.ppli_landing = (landing, landing.get_url(request)) if landing else None
    if request.ppli_landing is None:
        return ""
    landing, url = request.ppli_landing
    return url + landing.reverse_subpage(name, args=[slug])


@register.simple_tag(takes_context=True)
def organisation_url(context, organisation):
    """The public page of a partner of the plan."""
    return subpage_url(context["request"], "organisation", organisation.slug)


@register.simple_tag(takes_context=True)
def audience_url(context, audience):
    """The public page of an audience of the plan."""
    return subpage_url(context["request"], "audience", audience.slug)


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


@register.simple_tag
def plan_export_url(plan, extension):
    """The plan's open data in ``extension`` ("json" or "csv")."""
    return plan.export_url(extension)
