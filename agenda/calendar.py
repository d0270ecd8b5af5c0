"""The agenda's calendar files (iCalendar, RFC 5545), built with `icalendar`.

Placeholder: filled in by the calendar work of issue 30, point 4.
"""

from django.http import Http404


def event_response(event, request):
    """The event's `.ics` (every session)."""
    raise Http404


def feed_response(agenda, request):
    """The agenda's `.ics` feed, filtered like the list."""
    raise Http404


def session_ics(session):
    """One session's `.ics` as bytes (attached to the confirmation e-mail)."""
    raise NotImplementedError
