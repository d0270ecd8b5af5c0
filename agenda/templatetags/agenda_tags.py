"""The agenda's listing and the French dates and times of its sessions (pages and e-mails).

The page models import no listing module (pyproject.toml, [tool.importlinter]): these tags
call listing.py with the page being rendered. Sessions are typed in Brussels' wall-clock time:
their date and times are shown as typed, and `<time datetime>` carries the Brussels offset of
that day (+01:00 in winter, +02:00 in summer).
"""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import ngettext

from agenda.listing import agenda_context, preview_sessions, sessions_with_places
from core.forms import page_listing
from thematiques.models import published_thematics

register = template.Library()


@register.inclusion_tag("agenda/includes/agenda_listing.html", takes_context=True)
def agenda_listing(context):
    """The agenda's filters, result count, event cards and pagination."""
    return page_listing(context, agenda_context)


@register.simple_tag(takes_context=True)
def event_sessions(context, event):
    """The event's sessions in calendar order with their `places_left` (one query); in a
    preview, those of the edit form."""
    request = context.get("request")
    if event.pk is None or getattr(request, "is_preview", False):
        return preview_sessions(event)
    return sessions_with_places(event)


def heure(value):
    """A time the French way: "9 h 30", "12 h"; nothing for no time."""
    if value is None or value == "":
        return ""
    if value.minute:
        return f"{value.hour} h {value.minute:02d}"
    return f"{value.hour} h"


def hours(start, end):
    """ "9 h 30 – 12 h", "9 h 30" without an end, "" without a start."""
    if start is None:
        return ""
    if end is None:
        return heure(start)
    return f"{heure(start)} – {heure(end)}"


def when(day, start=None, end=None):
    """A day and its times in French: "mardi 3 mars 2027, 9 h 30 – 12 h"; a day without
    times: "19 octobre 2016"."""
    if start is None:
        return date_format(day, "j F Y")
    return f"{date_format(day, 'l j F Y')}, {hours(start, end)}"


@register.filter
def session_when(session):
    """A session's date and times in French ("mardi 3 mars 2027, 9 h 30 – 12 h")."""
    return when(session.date, session.start_time, session.end_time)


@register.filter
def session_iso(session):
    """The ISO datetime of a session's start, with that day's Brussels offset
    ("2027-03-28T10:00:00+02:00"); its date alone for a whole day."""
    if session.start_time is None:
        return session.date.isoformat()
    return session.starts_at.isoformat()


@register.filter
def local_moment(value):
    """An aware datetime in the site's time (Brussels): "3 mars 2027 à 9 h 30"."""
    local = timezone.localtime(value)
    return f"{date_format(local, 'j F Y')} à {heure(local)}"


@register.filter
def event_card_text(event):
    """What an event's card says under its date: the times of its next session (its last one
    for a past event), where, how many other dates follow, and its introduction. Read from
    the annotations of agenda.listing (no query)."""
    if hasattr(event, "next_date"):
        start, end = event.next_start, event.next_end
    else:
        start, end = getattr(event, "last_start", None), getattr(event, "last_end", None)
    where = [event.commune] if event.commune else []
    if event.online:
        where.append("en ligne" if where else "En ligne")
    facts = [part for part in (hours(start, end), " et ".join(where)) if part]
    line = " · ".join(facts)
    others = getattr(event, "upcoming_count", 1) - 1
    if others > 0:
        more = ngettext("et %(count)d autre date", "et %(count)d autres dates", others) % {
            "count": others
        }
        line = f"{line} ({more})" if line else more.capitalize()
    if event.intro:
        words = Truncator(event.intro).words(30)
        return f"{line}. {words}" if line else words
    return line


@register.simple_tag
def event_thematics(event):
    """The event's thematics that a visitor can open (live, public), alphabetically; those of
    the edit form in a preview."""
    chosen = [thematic.pk for thematic in event.thematics.all()]
    return list(published_thematics().filter(pk__in=chosen)) if chosen else []


@register.simple_tag
def event_audiences(event):
    """The event's audiences, alphabetically."""
    return sorted(event.audiences.all(), key=lambda audience: audience.name)


@register.filter
def card_date(event):
    """The date an event's card shows: its next session's, or its last one's when past."""
    return getattr(event, "next_date", None) or getattr(event, "last_date", None)


@register.filter
def registration_url(event, session):
    """The address of the session's registration form (no query: the event page's URL is
    known)."""
    return event.registration_url(session)
