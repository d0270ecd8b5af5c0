"""Template tags for PPLI links: partner and audience pages hang off the PPLI landing."""

from django import template

from home.routing import routed_pages
from ppli.models import PPLIIndexPage

register = template.Library()


def landing_url(request):
    """The landing's URL, looked up once per request."""
    if not hasattr(request, "_ppli_landing_url"):
        # Below the landing, routing has already read it.
        routed = [page for page in routed_pages(request) if page.specific_class is PPLIIndexPage]
        landing = routed[0] if routed else PPLIIndexPage.objects.live().first()
        request._ppli_landing_url = landing.get_url(request) if landing else None
    return request._ppli_landing_url


@register.simple_tag(takes_context=True)
def organisation_url(context, organisation):
    base = landing_url(context["request"])
    return f"{base}partenaires/{organisation.slug}/" if base else ""


@register.simple_tag(takes_context=True)
def audience_url(context, audience):
    base = landing_url(context["request"])
    return f"{base}publics/{audience.slug}/" if base else ""


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
