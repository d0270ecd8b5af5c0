"""The agenda's calendar links and structured data in its pages: the « S'abonner à l'agenda »
block of /agenda/, the « Ajouter à mon agenda (.ics) » link of an event, and the event's
schema.org JSON-LD (agenda/structured_data.py).

The page models import no template tag (pyproject.toml, [tool.importlinter]): these tags are
given the page being rendered. The links are shown only when the file they lead to holds
something.
"""

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from agenda.structured_data import event_data, json_ld
from agenda.templatetags.agenda_tags import agenda_listing

register = template.Library()


def is_preview(request):
    """Whether the page is an editor's preview, where the calendar routes are not served."""
    return getattr(request, "is_preview", False)


def subpage_url(page, request, route):
    """The site-relative URL of one of `page`'s routes ("/agenda/agenda.ics"), or "" for a page
    without an address (a preview of a new page)."""
    page_url = page.get_url(request) if page.pk else None
    if not page_url:
        return ""
    return page_url + page.reverse_subpage(route)


def feed_links(page, request, query):
    """The feed's two addresses for the filters `query`: the subscription (webcal://, absolute,
    on the request's host) and the download (site-relative)."""
    path = subpage_url(page, request, "feed")
    if not path:
        return {}
    path_and_query = f"{path}?{query}" if query else path
    return {
        "calendar_subscribe_url": f"webcal://{request.get_host()}{path_and_query}",
        "calendar_download_url": path_and_query,
    }


@register.inclusion_tag("agenda/includes/calendar_agenda_listing.html", takes_context=True)
def agenda_listing_with_subscription(context):
    """The agenda's listing (agenda_tags' `agenda_listing`, unchanged), then the « S'abonner à
    l'agenda » block when upcoming events are listed: its links keep the list's filters.

    The block reads what the listing has already counted: it costs no SQL query."""
    listing = agenda_listing(context)
    request = listing["request"]
    shown = not listing["agenda_past"] and not is_preview(request)
    links = {}
    if shown:
        # The filters actually applied to the upcoming events, without the page number.
        query = {
            name: value
            for name, value in listing["agenda_form"].wanted().items()
            if name != "passes"
        }
        links = feed_links(listing["page"], request, urlencode(query))
    return {**listing, **links}


@register.inclusion_tag("agenda/includes/calendar_event_link.html", takes_context=True)
def event_calendar_link(context, page, sessions):
    """The « Ajouter à mon agenda (.ics) » link of an event that has sessions (not in a
    preview)."""
    request = context.get("request")
    url = "" if not sessions or is_preview(request) else subpage_url(page, request, "calendar")
    return {"calendar_url": url}


@register.simple_tag(takes_context=True)
def event_json_ld(context, page, sessions=None):
    """The event's sessions as schema.org Events, in a <script type="application/ld+json">
    block; nothing for an event without sessions. `sessions`: those the page has already read
    (no query), else the event's own."""
    if sessions is None:
        sessions = page.sessions.all()
    data = event_data(page, sessions, context.get("request"))
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(json_ld(data)))
