"""The agenda's contributions to the home page and the thematic pages.

Those apps never import the agenda (pyproject.toml, import-linter layers): they call their
sections' hooks, which give a template and what it shows. A section with nothing to show is
left out.
"""

from django.utils.translation import ngettext
from wagtail import hooks

from home.models import HOME_SECTIONS_HOOK
from thematiques.models import SECTION_ORDER, SECTIONS_HOOK

from . import views
from .listing import upcoming_events, upcoming_events_for_thematic

HOME_EVENTS = 3
THEMATIC_EVENTS = 3


def agenda_url(events):
    """The agenda's URL, from an event's: the agenda is every event's parent (its only
    allowed parent), so the "all events" link costs no query."""
    return events[0].url.rstrip("/").rsplit("/", 1)[0] + "/" if events else ""


def events_summary(events):
    count = len(events)
    return ngettext("%(count)d événement à venir", "%(count)d événements à venir", count) % {
        "count": count
    }


@hooks.register(HOME_SECTIONS_HOOK)
def home_events_section(home_page):
    """The next events on the home page; hidden when none is planned."""
    events = upcoming_events(HOME_EVENTS)
    return {
        "template": "agenda/includes/home_section.html",
        "events": events,
        "agenda_url": agenda_url(events),
    }


@hooks.register(SECTIONS_HOOK, order=SECTION_ORDER["agenda"])
def thematic_events_section(thematic):
    """The next events tagged with the thematic; hidden when none is planned."""
    events = upcoming_events_for_thematic(thematic, THEMATIC_EVENTS)
    return {
        "template": "agenda/includes/thematic_section.html",
        "events": events,
        "agenda_url": agenda_url(events),
        "thematic": thematic,
        "anchor": "thematique-agenda",
        "heading": "Agenda",
        "summary": events_summary(events) if events else "",
    }


# The agenda's routes that answer with more than the page: the registration form, a
# registration's own page and the calendar files (agenda/views.py). After Wagtail's own
# before_serve_page hooks (order 0: view restrictions), so a private event asks for its
# password before any form is shown or stored.
@hooks.register("before_serve_page", order=100)
def serve_agenda_routes(page, request, serve_args, serve_kwargs):
    """Hand the agenda's form, follow-up and calendar routes to their views."""
    view = getattr(serve_args[0], "__func__", None) if serve_args else None
    handler = views.ROUTES.get(view)
    if handler is None:
        return None
    return handler(page, request, *serve_args[1], **serve_args[2])
