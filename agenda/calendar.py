"""The agenda's calendar files (iCalendar, RFC 5545), built with `icalendar`.

Three files: an event's (`evenement.ics`, every session, past and cancelled included), the
agenda's feed (`agenda.ics`, the upcoming sessions of the live public events, filtered by the
same GET parameters as the list at /agenda/), and one session's, attached to the registration
confirmation (`session_ics`).

Each session is one VEVENT whose UID is the session's own `uid`: a calendar that subscribed to
the feed, or imported an event, recognises the session when it changes. Its SEQUENCE is raised
at each change of date, times or cancellation (EventSession.save), and a cancelled session
stays in the files with STATUS:CANCELLED, so that subscribed calendars learn of it. Times are
Brussels wall-clock times, written with TZID=Europe/Brussels and the VTIMEZONE that defines it.
The online meeting's link (`online_url`) is for the registered people only: never written here.

Every file is a fixed number of SQL queries however many sessions it holds.
"""

from datetime import date, timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from icalendar import Calendar, Event, Timezone, vDuration
from wagtail.models import Site

from .listing import SESSION_ORDER, AgendaFilterForm, filtered, public_events, today
from .models import BRUSSELS, EventSession
from .structured_data import address_lines

PRODUCT_ID = "-//Portail C.A.I.//Agenda//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The filters of the list that narrow the feed; the period (`passes`) and the page number
# mean nothing for a feed of upcoming sessions and are left aside.
FEED_FILTERS = ("type", "thematique", "public", "commune")
# How often a subscribed calendar should fetch the feed again (RFC 7986, and the older
# X-PUBLISHED-TTL that Outlook reads).
REFRESH_INTERVAL = timedelta(hours=6)


# The calendar and its time zone


def brussels_timezone(sessions):
    """The VTIMEZONE of Europe/Brussels, from the zoneinfo database, covering the years of
    `sessions` (this year for none), with a year to spare for a whole day's end."""
    years = [session.date.year for session in sessions] or [today().year]
    zone = Timezone.from_tzid(
        BRUSSELS.key,
        first_date=date(min(years), 1, 1),
        last_date=date(max(years) + 2, 1, 1),
    )
    # icalendar's note on the years covered, in English, is for no one who reads the file.
    zone.pop("COMMENT", None)
    return zone


def new_calendar(name, sessions, refresh=False):
    """An empty calendar named `name` (in French), published for anyone to read, with the
    Brussels time zone its sessions' times refer to."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", BRUSSELS.key)
    if refresh:
        # Typed (one value each: parameters stick to it): icalendar knows neither property
        # and would write the timedelta as text.
        refresh = vDuration(REFRESH_INTERVAL)
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(brussels_timezone(sessions))
    return calendar


# A session as a VEVENT


def location_text(event):
    """Where the session takes place, in one line: the venue's title and address, or the free
    address, with « en ligne » when it is also online; « En ligne » alone; "" if unknown."""
    lines = address_lines(event)
    if lines:
        place = ", ".join(lines)
        return f"{place} (aussi en ligne)" if event.online else place
    return "En ligne" if event.online else ""


def description_text(event, session, url):
    """What the calendar shows under the title: the cancellation, the event's introduction and
    the address of its page (where the details and the registration are)."""
    parts = []
    if session.cancelled:
        parts.append("Cette session est annulée.")
    if event.intro:
        parts.append(event.intro)
    if url:
        parts.append(f"Toutes les informations : {url}")
    return "\n\n".join(parts)


def add_times(vevent, session):
    """DTSTART and DTEND: Brussels times (TZID), or a whole day (VALUE=DATE, ending the next
    day) for a session without a start time. Without an end time, no DTEND: the calendar
    shows the start only, nothing is invented."""
    if session.start_time is None:
        vevent.add("dtstart", session.date)
        vevent.add("dtend", session.date + timedelta(days=1))
        return
    vevent.add("dtstart", session.starts_at)
    ends_at = session.ends_at
    if ends_at is not None and ends_at > session.starts_at:
        vevent.add("dtend", ends_at)


def session_event(session, url, stamp):
    """The VEVENT of one session of its event (`session.event`), whose page is at `url`."""
    event = session.event
    vevent = Event()
    vevent.add("uid", str(session.uid))
    vevent.add("sequence", session.sequence)
    vevent.add("dtstamp", stamp)
    add_times(vevent, session)
    vevent.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    vevent.add("summary", event.title)
    description = description_text(event, session, url)
    if description:
        vevent.add("description", description)
    if url:
        vevent.add("url", url)
    location = location_text(event)
    if location:
        vevent.add("location", location)
    return vevent


def add_sessions(calendar, sessions, url_of):
    """Add a VEVENT per session; `url_of(event)` gives an event page's full URL (asked once per
    event)."""
    stamp = timezone.now()
    urls = {}
    for session in sessions:
        event = session.event
        if event.pk not in urls:
            urls[event.pk] = url_of(event)
        calendar.add_component(session_event(session, urls[event.pk], stamp))
    return calendar


# The answers


def ics_response(calendar, filename):
    """The calendar as a `.ics` file to download or subscribe to."""
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def bad_filters_response(labels):
    """A 400 that says, in French, which filters of the feed's address are not recognised: a
    subscribed calendar should not silently receive the whole agenda instead of a part."""
    text = (
        f"Filtre non reconnu dans l'adresse du calendrier : {', '.join(labels)}. "
        "Retirez-le, ou copiez à nouveau le lien « S'abonner à l'agenda » de la page de "
        "l'agenda.\n"
    )
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def event_sessions(event):
    """All the event's sessions, past and cancelled included, in calendar order (one query)."""
    return list(EventSession.objects.filter(event=event).order_by(*SESSION_ORDER))


def event_response(event, request):
    """The event's `.ics`: every session, past and cancelled included."""
    sessions = event_sessions(event)
    # The page being served is the sessions' event: no query per session for it, and its
    # venue is read once.
    for session in sessions:
        session.event = event
    calendar = new_calendar(event.title, sessions)
    add_sessions(calendar, sessions, lambda page: page.get_full_url(request))
    return ics_response(calendar, f"{event.slug}.ics")


def feed_sessions(events):
    """The sessions of `events` from today on (Brussels), cancelled ones included, in calendar
    order, with their event and its venue: one query."""
    return list(
        EventSession.objects.filter(event__in=events.values("pk"), date__gte=today())
        .select_related("event", "event__venue")
        .defer("event__body", "event__venue__body")
        .order_by(*SESSION_ORDER, "event__title")
    )


def feed_name(agenda, chosen, request):
    """The feed's name in a calendar: « Agenda – <the site's name> », and the chosen filters."""
    site = Site.find_for_request(request)
    name = f"{agenda.title} – {site.site_name}" if site and site.site_name else agenda.title
    return f"{name} ({', '.join(chosen)})" if chosen else name


def feed_response(agenda, request):
    """The agenda's `.ics` feed: the upcoming sessions of its live public events, filtered like
    the list. The filters' values are those of the agenda's events, past ones included, so a
    link copied from the list keeps working once its events are over; a value the agenda has
    never offered is answered with a 400 that names the filter."""
    events = public_events().child_of(agenda)
    form = AgendaFilterForm(request.GET, events)
    wanted = form.wanted()
    unknown = [form.fields[name].label for name in FEED_FILTERS if name in form.errors]
    if unknown:
        return bad_filters_response([str(label) for label in unknown])
    sessions = feed_sessions(filtered(events, wanted))
    calendar = new_calendar(feed_name(agenda, form.chosen(), request), sessions, refresh=True)
    add_sessions(calendar, sessions, lambda page: page.get_full_url(request))
    return ics_response(calendar, "agenda.ics")


def session_ics(session):
    """One session's `.ics` as bytes (attached to the confirmation e-mail): its event's title,
    times, place and page; METHOD:PUBLISH, so that the calendar adds it as it is."""
    calendar = new_calendar(session.event.title, [session])
    add_sessions(calendar, [session], lambda page: page.get_full_url())
    return calendar.to_ical()
