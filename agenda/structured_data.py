"""An event's place and sessions as data: schema.org `Event` objects (JSON-LD) for search
engines, and the place's text that the calendar files (calendar.py) write in LOCATION.

One schema.org Event per session: a session has its own date, status and former date. The
event's place is the directory's venue (its title and address), or the free address the editor
typed, and/or online. The online meeting's link (`online_url`) is for the registered people
only: the virtual location is the event's own page, never that link. A field without a value is
left out, never written empty.
"""

import json

from django.utils import timezone
from wagtail.models import Site

from home.models import ContactSettings

from .listing import calendar_order
from .models import BRUSSELS

SCHEMA = "https://schema.org"
# The venues of the directory and the free addresses are in Belgium (the province of Namur).
COUNTRY = "BE"
# What json.dumps leaves that could close or confuse the <script> block (as Django's
# json_script escapes them).
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def without_empty(data):
    """`data` without its keys whose value is empty (None, "", [], {}); False is a value."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def venue_locality(venue):
    """The venue's "5000 Namur" line: postcode and commune, whichever are known."""
    return " ".join(part for part in (venue.postcode, venue.commune) if part)


def address_lines(event):
    """The lines of the event's physical place: the venue's title, street and locality, or the
    free address's lines; empty for an event only online (or without a place)."""
    venue = event.venue
    if venue is not None:
        lines = [venue.title, venue.street, venue_locality(venue)]
    else:
        lines = event.address.splitlines()
    return [line.strip() for line in lines if line and line.strip()]


def has_place(event):
    """Whether the event takes place somewhere one can go (a venue or an address)."""
    return bool(address_lines(event))


def described_sessions(sessions):
    """The sessions a page describes to search engines: those not over yet, or, for an event
    that is over, all of its sessions."""
    ahead = [session for session in sessions if not session.is_past]
    return ahead or list(sessions)


def start_date(session):
    """The session's start in ISO 8601: its Brussels time with that day's offset
    ("2027-03-28T10:00:00+02:00"), or its date alone for a whole day."""
    if session.start_time is None:
        return session.date.isoformat()
    return session.starts_at.isoformat()


def end_date(session):
    """The session's end in ISO 8601, its date for a whole day, or None when not given."""
    if session.start_time is None:
        return session.date.isoformat()
    ends_at = session.ends_at
    if ends_at is None or ends_at <= session.starts_at:
        return None
    return ends_at.isoformat()


def previous_start_date(session):
    """The former start of a moved session, in Brussels time, or None."""
    if session.previous_start is None:
        return None
    return timezone.localtime(session.previous_start, BRUSSELS).isoformat()


def event_status(session):
    """schema.org's status of the session: cancelled, moved (rescheduled) or scheduled."""
    if session.cancelled:
        return f"{SCHEMA}/EventCancelled"
    if session.previous_start is not None:
        return f"{SCHEMA}/EventRescheduled"
    return f"{SCHEMA}/EventScheduled"


def attendance_mode(event):
    """Offline, online or mixed, from the event's place and its `online` box; None when the
    event says neither (nothing is guessed)."""
    offline, online = has_place(event), event.online
    if offline and online:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if online:
        return f"{SCHEMA}/OnlineEventAttendanceMode"
    if offline:
        return f"{SCHEMA}/OfflineEventAttendanceMode"
    return None


def venue_place(venue):
    """A directory's venue as a schema.org Place with its postal address."""
    address = without_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": venue.street,
            "postalCode": venue.postcode,
            "addressLocality": venue.commune,
        }
    )
    if len(address) > 1:
        address["addressCountry"] = COUNTRY
    else:
        address = None
    return without_empty({"@type": "Place", "name": venue.title, "address": address})


def free_address_place(event):
    """The free address as a schema.org Place: its first line names the place, the whole text
    is its address (the editor's lines are not split into street and commune: a guess could be
    wrong)."""
    lines = address_lines(event)
    address = without_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(lines),
            "addressLocality": event.commune,
            "addressCountry": COUNTRY,
        }
    )
    return {"@type": "Place", "name": lines[0], "address": address}


def locations(event, url):
    """The event's schema.org locations: its Place, and a VirtualLocation (the event's page,
    never the meeting's link) when it is online."""
    found = []
    if event.venue is not None:
        found.append(venue_place(event.venue))
    elif has_place(event):
        found.append(free_address_place(event))
    if event.online and url:
        found.append({"@type": "VirtualLocation", "url": url})
    return found


def organizer(request):
    """The centre as the schema.org Organization that organises the events: its name from the
    site's settings (Paramètres › Coordonnées), else Wagtail's site name; None without one."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    name = ContactSettings.for_request(request).organisation_name or site.site_name
    if not name:
        return None
    return {"@type": "Organization", "name": name, "url": site.root_url}


def session_data(event, session, url, organizer_data):
    """One session of `event` as a schema.org Event."""
    places = locations(event, url)
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "description": event.intro or event.search_description,
        "url": url,
        "startDate": start_date(session),
        "endDate": end_date(session),
        "eventStatus": event_status(session),
        "eventAttendanceMode": attendance_mode(event),
        "location": places[0] if len(places) == 1 else places,
        "isAccessibleForFree": event.free,
        "organizer": organizer_data,
    }
    # A cancelled session keeps its date; a moved one says where it was first planned.
    if not session.cancelled:
        data["previousStartDate"] = previous_start_date(session)
    return without_empty(data)


def event_data(event, sessions, request):
    """The schema.org Events of an event page: one per session it describes (see
    `described_sessions`), as a list."""
    url = event.get_full_url(request) if event.pk else None
    organizer_data = organizer(request) if request is not None else None
    return [
        session_data(event, session, url, organizer_data)
        for session in described_sessions(calendar_order(sessions))
    ]


def json_ld(data):
    """`data` as JSON for a <script type="application/ld+json"> block: the characters that
    could end the block or start markup are escaped."""
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
