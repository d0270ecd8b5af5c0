"""The editions of the plan: which plan a page belongs to, for the closed editions' banner,
and the timeline "Éditions du plan" kept on the PPLI landing.

Every page of a closed plan (its axes, objectives, actions, booklet sections, and the working
groups of its axes) carries the banner; base.html renders it through one template tag
({% plan_edition_banner %}, templatetags/ppli_editions.py), at most one query a page.
"""

from wagtail.models import Page

from home.models import ContentPage

from .models import ActionPage, AxisPage, ObjectivePage, PlanPage, PPLIIndexPage
from .models.plan import CURRENT_PLAN_ANCHOR
from .models.tree import STEP

# Page types that may stand under a plan (a ContentPage is a booklet section when it does).
UNDER_A_PLAN = (AxisPage, ObjectivePage, ActionPage, ContentPage)
# The shallowest a page under a plan can be: tree root 1, home page 2, PPLI landing 3 (its
# parent is a home page), plan 4. Shallower content pages (/contact/…) cost no query.
UNDER_A_PLAN_DEPTH = 5


def plan_of(page, context):
    """The plan `page` belongs to, or None.

    No query for the plan itself and for an action (its view already read its plan); one
    for the other pages that may stand under a plan, and for a working group with an axis.
    """
    if isinstance(page, PlanPage):
        return page
    known = context.get("plan")
    if isinstance(known, PlanPage) and page.path.startswith(known.path):
        return known
    if isinstance(page, UNDER_A_PLAN):
        if page.depth < UNDER_A_PLAN_DEPTH:
            return None
        path = page.path
    elif getattr(page, "axis_id", None) is not None:  # a working group (ppli.models.groups)
        path = page.axis.path  # read by the group's own view too (cached on the page)
    else:
        return None
    ancestors = [path[:length] for length in range(STEP, len(path), STEP)]
    return PlanPage.objects.filter(path__in=ancestors).first() if ancestors else None


def landing_url(plan, request=None):
    """The address of the PPLI landing, parent of every plan (PlanPage.parent_page_types),
    from the plan's own address: no query."""
    url = plan.get_url(request)
    if not url:
        return ""
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


def banner(page, context):
    """What the closed editions' banner says on `page`, or None outside a closed plan."""
    plan = plan_of(page, context)
    if plan is None or not plan.closed:
        return None
    request = context.get("request")
    label = f"Plan {plan.period}" if plan.period else plan.title
    if plan.edition_label:
        label = f"{label} — {plan.edition_label}"
    return {
        "plan": plan,
        "label": label,
        "closing_note": plan.closing_note,
        "plan_url": "" if page.pk == plan.pk else plan.get_url(request),
        "current_url": f"{landing_url(plan, request)}#{CURRENT_PLAN_ANCHOR}",
    }


def landing_for(page):
    """The PPLI landing that holds the editions' timeline: `page` itself, or the landing
    above a plan (one query)."""
    if isinstance(page, PPLIIndexPage):
        return page
    return PPLIIndexPage.objects.filter(path=page.path[:-STEP]).first()


def editions(landing, request=None):
    """The editions of the landing's timeline, in order, with the address each links to."""
    blocks = [block.value for block in landing.editions if block.block_type == "edition"]
    # A link only to a page a visitor may open: live and without a view restriction (one
    # query for all, through Wagtail's own `.public()`).
    linked = {value["page"].pk for value in blocks if value["page"]}
    public = set(
        Page.objects.filter(pk__in=linked).live().public().values_list("pk", flat=True)
        if linked
        else ()
    )
    items = []
    for value in blocks:
        page = value["page"]
        url = page.get_url(request) if page and page.pk in public else ""
        if url and value["anchor"]:
            url = f"{url}#{value['anchor']}"
        items.append(
            {
                "name": value["name"],
                "period": value["period"],
                "summary": value["summary"],
                "current": value["current"],
                "url": url,
            }
        )
    return items
