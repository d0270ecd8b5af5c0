"""Dates of the registrations' e-mails, in Brussels time and in French."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from agenda.models import BRUSSELS

register = template.Library()


def french_time(value):
    """ "9 h 30", "10 h"."""
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


@register.filter
def brussels(value):
    """An aware datetime as "3 mars 2027 à 9 h 30", Brussels time."""
    local = timezone.localtime(value, BRUSSELS)
    return f"{date_format(local, 'j F Y')} à {french_time(local)}"


@register.filter
def session_when(session):
    """ "mardi 3 mars 2027, 9 h 30 – 12 h", or the day alone when no time is given."""
    day = date_format(session.date, "l j F Y")
    if session.start_time is None:
        return day
    when = f"{day}, {french_time(session.start_time)}"
    if session.end_time is not None:
        when += f" – {french_time(session.end_time)}"
    return when
