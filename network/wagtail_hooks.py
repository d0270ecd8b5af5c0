"""The network's routes served by views.py, and its contribution to the thematic pages (their
published field findings).

The thematic pages never import the network (pyproject.toml, import-linter layers): they call
their sections' hook, which gives a template and what it shows. A section with nothing to show
is left out.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from thematiques.models import SECTION_ORDER, SECTIONS_HOOK

from . import views
from .listing import findings_for_thematic, thematic_filter_query
from .models import FindingsPage

THEMATIC_FINDINGS = 3


def findings_summary(count):
    """« 4 constats de terrain »: the section's line in the page's description."""
    return ngettext("%(count)d constat de terrain", "%(count)d constats de terrain", count) % {
        "count": count
    }


@hooks.register(SECTIONS_HOOK, order=SECTION_ORDER["findings"])
def thematic_findings_section(thematic):
    """The latest published field findings tagged with the thematic, and a link to all of
    them on the findings page; hidden when none is published. One query without findings,
    three with them (the findings page's address, which `.public()` reads)."""
    findings = findings_for_thematic(thematic, THEMATIC_FINDINGS)
    if not findings:
        return {"template": "network/includes/thematic_section.html", "summary": ""}
    total = findings[0].total
    findings_page = FindingsPage.objects.live().public().only("url_path").first()
    return {
        "template": "network/includes/thematic_section.html",
        "findings": findings,
        "total": total,
        "findings_url_path": findings_page.url_path if findings_page else "",
        "query": thematic_filter_query(thematic),
        "thematic": thematic,
        "anchor": "thematique-constats",
        "heading": _("Constats de terrain"),
        "summary": findings_summary(total),
    }


# The network's routes that answer with more than the page: the forms, the consultation, the
# confirmation and follow-up links (network/views.py). After Wagtail's own before_serve_page
# hooks (order 0: view restrictions), so a private page asks for its password before any form
# is shown or stored.
@hooks.register("before_serve_page", order=100)
def serve_network_routes(page, request, serve_args, serve_kwargs):
    """Hand the network's form, consultation and follow-up routes to their views."""
    view = getattr(serve_args[0], "__func__", None) if serve_args else None
    handler = views.ROUTES.get(view)
    if handler is None:
        return None
    return handler(page, request, *serve_args[1], **serve_args[2])


from . import staff  # noqa: E402

staff.register()
