"""The agenda's contributions to the home page and the thematic pages, its routes served by
views.py, and the admin's refusal to delete an event that holds registrations.

Those apps never import the agenda (pyproject.toml, import-linter layers): they call their
sections' hooks, which give a template and what it shows. A section with nothing to show is
left out.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import Page

from home.models import HOME_SECTIONS_HOOK, PAGE_SECTIONS_HOOK, ContentPage
from thematiques.models import SECTION_ORDER, SECTIONS_HOOK

from . import views
from .listing import (
    upcoming_events,
    upcoming_events_for_space,
    upcoming_events_for_thematic,
    upcoming_events_of_kind,
)
from .models import AgendaSettings, EventPage

HOME_EVENTS = 3
THEMATIC_EVENTS = 3
PAGE_EVENTS = 3
# The concertation spaces' page type, without importing ppli (a sibling app): the model the
# events point to.
CONCERTATION_SPACE = EventPage._meta.get_field("concertation_space").related_model


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


@hooks.register(PAGE_SECTIONS_HOOK)
def page_events_section(page, request):
    """The next meetings on a concertation space's page, the next trainings or awareness
    sessions on the pages chosen in the agenda's settings; none elsewhere, none when nothing
    is planned."""
    if isinstance(page, CONCERTATION_SPACE):
        events = upcoming_events_for_space(page, PAGE_EVENTS)
        heading, query = _("Prochaines réunions"), ""
    elif isinstance(page, ContentPage):
        settings = (
            AgendaSettings.for_request(request)
            if request is not None
            else AgendaSettings.for_site(page.get_site())
        )
        kind = settings.kind_of(page)
        if kind is None:
            return None
        events = upcoming_events_of_kind(kind, PAGE_EVENTS)
        heading, query = _("Prochaines dates"), "?" + urlencode({"type": kind})
    else:
        return None
    if not events:
        return None
    return {
        "template": "agenda/includes/page_section.html",
        "events": events,
        "heading": heading,
        "agenda_url": agenda_url(events) + query,
        "anchor": "prochains-evenements",
    }


def pages_with_registrations(pages):
    """The events among `pages` and their descendants that hold registrations: deleting them
    would delete the people registered (the database refuses it: Registration.session is
    protected)."""
    events = EventPage.objects.none()
    for page in pages:
        events = events | EventPage.objects.descendant_of(page, inclusive=True)
    return events.filter(sessions__registrations__isnull=False).distinct()


def refuse_deletion(request, events, back_url):
    """The French refusal: cancel the sessions instead, the people registered are told."""
    titles = ", ".join(f"« {event.title} »" for event in events[:5])
    messages.error(
        request,
        _(
            "Suppression refusée : %(titles)s a des inscriptions. Cochez plutôt « Annulée » "
            "sur ses sessions puis dépubliez l'événement ; les inscriptions sont effacées "
            "selon le délai de conservation."
        )
        % {"titles": titles},
    )
    return redirect(back_url)


@hooks.register("before_delete_page")
def keep_events_with_registrations(request, page):
    """An event (or the agenda) with registrations is not deleted."""
    events = pages_with_registrations([page])
    if events.exists():
        return refuse_deletion(request, events, reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return None


@hooks.register("before_bulk_action")
def keep_events_with_registrations_in_bulk(request, action_type, objects, action_class_instance):
    """The same for the page listing's bulk deletion."""
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    events = pages_with_registrations(objects)
    if events.exists():
        return refuse_deletion(
            request,
            events,
            request.META.get("HTTP_REFERER") or reverse("wagtailadmin_explore_root"),
        )
    return None


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


# « Inscriptions aux événements » (staff.py, a wagtail-modeladmin ModelAdmin) and the
# dashboard's « Prochaines sessions », for the groups that may see registrations.
from . import staff  # noqa: E402

staff.register()
