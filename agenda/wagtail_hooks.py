"""The agenda's contributions to the home page and the thematic pages.

Those apps never import the agenda (pyproject.toml, import-linter layers): they call their
sections' hooks, which give a template and what it shows. A section with nothing to show is
left out.
"""

from django.utils.translation import ngettext
from wagtail import hooks

from home.models import HOME_SECTIONS_HOOK
from thematiques.models import SECTION_ORDER, SECTIONS_HOOK

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
