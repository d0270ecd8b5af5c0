"""Template tags of the plan's editions: the closed editions' banner (base.html, every page)
and the timeline "Éditions du plan" (the PPLI landing and the plan pages)."""

from django import template
from wagtail.models import Page

from ppli import editions

register = template.Library()


@register.inclusion_tag("ppli/includes/edition_banner.html", takes_context=True)
def plan_edition_banner(context):
    """The banner of a closed plan's pages; nothing elsewhere (no query outside the pages that
    may stand under a plan)."""
    page = context.get("page")
    if not isinstance(page, Page) or page.pk is None:
        return {"banner": None}
    return {"banner": editions.banner(page, context)}


@register.inclusion_tag("ppli/includes/plan_editions.html", takes_context=True)
def plan_editions(context, heading_id="editions-du-plan"):
    """The timeline of the editions of the plan, as the PPLI landing's editors keep it."""
    page = context.get("page")
    landing = editions.landing_for(page) if isinstance(page, Page) else None
    items = editions.editions(landing, context.get("request")) if landing else []
    return {
        "editions": items,
        "heading_id": heading_id,
        "request": context.get("request"),
    }
