"""The agenda's routes that answer with more than the page, served through agenda's
`before_serve_page` hook (wagtail_hooks.py): a session's registration form (the one guarded
form, core/guarded_form.py), a registration's own page reached by its e-mailed link, and the
calendar files (calendar.py)."""

from . import calendar
from .models import AgendaPage, EventPage


def event_calendar(event, request):
    return calendar.event_response(event, request)


def agenda_feed(agenda, request):
    return calendar.feed_response(agenda, request)


# The routes (the models' view methods) and who serves them.
ROUTES = {
    AgendaPage.feed: agenda_feed,
    EventPage.calendar: event_calendar,
}
