"""The agenda's calendar files, `<agenda>agenda.ics` and `<event>evenement.ics`; included
before Wagtail's page URLs (portal/urls.py).

Wagtail's page router serves only paths ending in "/" (it adds the slash before the page's
routes are tried), so a file name is matched here, as the directory's exports are
(directory/urls.py). The pages' routes of the same names (AgendaPage.feed, EventPage.calendar)
give their addresses (`reverse_subpage`), never typed.
"""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)+)(?P<name>agenda|evenement)\.ics$",
        views.calendar_file,
        name="agenda_calendar_file",
    ),
]
