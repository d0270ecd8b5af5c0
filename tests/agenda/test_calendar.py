"""The agenda's calendar files (agenda/calendar.py) and structured data
(agenda/structured_data.py): an event's `.ics`, the agenda's feed and its filters, one
session's file, the links to them, the schema.org JSON-LD of an event, the daylight-saving
changes, an editor's changes (SEQUENCE, cancellation), the online link kept private, and the
query count."""

import datetime
import json
import re
from datetime import UTC, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from wagtail.models import PageViewRestriction, Site

from agenda.calendar import event_response, feed_response, session_ics
from agenda.listing import public_events, today, upcoming_sessions, with_next_session
from agenda.models import BRUSSELS, EventKind, EventPage, EventSession
from home.models import ContactSettings
from taxonomies.models import Audience
from testing.queries import assert_queries, cold_get
from tests.agenda import test_pages as pages
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

# The agenda under the home page (the fixture of the pages' tests).
agenda = pages.agenda
event, in_days, html_of, ONLINE_URL = pages.event, pages.in_days, pages.html_of, pages.ONLINE_URL

FEED = "/agenda/agenda.ics"
TEN_AM = datetime.time(10)
NOON = datetime.time(12)
# The queries of the files themselves, cold (every cache emptied), the page being found:
# the feed reads the view restrictions (`.public()`), the filters' choices (kinds, thematics
# and their restrictions, audiences, communes), the sessions with their events and venues,
# the site and its root paths (the pages' full URLs).
FEED_QUERIES = 9
# An event's file: its sessions, its venue, the site's root paths.
EVENT_FILE_QUERIES = 3
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


# Helpers


def ics_of(client, url):
    """GET a calendar file: a 200 `text/calendar` attachment that icalendar parses without
    error, with the Brussels time zone; returns the parsed calendar."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.match(r'attachment; filename="[\w.-]+\.ics"', response["Content-Disposition"])
    return parsed(response.content)


def parsed(content):
    """The calendar in `content`, checked: no parse error in any component, VERSION 2.0,
    METHOD:PUBLISH and the VTIMEZONE of Europe/Brussels."""
    calendar = Calendar.from_ical(content)
    for component in calendar.walk():
        assert not component.errors, component.errors
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    return calendar


def root_url():
    """The site's own address, which the files' and pages' full URLs start with (Wagtail's
    `get_full_url`: the site's host, not the request's)."""
    return Site.objects.get(is_default_site=True).root_url


def vevents(calendar):
    return calendar.walk("VEVENT")


def by_uid(calendar):
    return {str(vevent["UID"]): vevent for vevent in vevents(calendar)}


def aware_start(vevent):
    """The VEVENT's start as an aware datetime (midnight in Brussels for a whole day)."""
    start = vevent.decoded("DTSTART")
    if isinstance(start, datetime.datetime):
        return start
    return datetime.datetime.combine(start, datetime.time(0), tzinfo=BRUSSELS)


def last_sunday(year, month):
    """The last Sunday of a month of 31 days (March, October): a daylight-saving change."""
    day = datetime.date(year, month, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def next_change(month):
    """The next daylight-saving change of `month` whose eve is still to come."""
    change = last_sunday(today().year, month)
    if change - timedelta(days=1) <= today():
        change = last_sunday(today().year + 1, month)
    return change


def dst_sessions():
    """Sessions at 10 h (Brussels) on both sides of the next changes of March and October."""
    days = []
    for month in (3, 10):
        change = next_change(month)
        days += [change - timedelta(days=1), change + timedelta(days=1)]
    return [{"date": day, "start_time": TEN_AM, "end_time": NOON} for day in days]


def venue_entry():
    """A venue of the directory, with a full address."""
    venue = page_at("/ressources/repertoires-et-cartographies/").get_children().live().first()
    venue = venue.specific
    venue.street, venue.postcode, venue.commune = "rue de Fer 1", "5000", "Namur"
    venue.save()
    return venue


def publish_as_editor(page, session, **changes):
    """What an editor does: change one session's fields in the event's edit form, save a new
    revision and publish it."""
    page = EventPage.objects.get(pk=page.pk)
    sessions = list(page.sessions.all())
    for row in sessions:
        if row.uid == session.uid:
            for name, value in changes.items():
                setattr(row, name, value)
    page.sessions = sessions
    page.save_revision().publish()


def queries_of(respond, url):
    """The SQL queries of `respond(request)` for a GET of `url`, every cache emptied; the
    answer must be a 200."""
    cache.clear()
    ContentType.objects.clear_cache()
    request = RequestFactory().get(url)
    with CaptureQueriesContext(connection) as queries:
        response = respond(request)
    assert response.status_code == 200
    return len(queries)


def json_ld_of(html):
    """The JSON-LD blocks of a page, parsed."""
    blocks = JSON_LD.findall(html)
    return [json.loads(block) for block in blocks]


def empty_values(data):
    """The paths of the empty values ("", None, [], {}) anywhere in `data`."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return []
    found = []
    for key, value in items:
        if value in ("", None, [], {}):
            found.append(key)
        found += [f"{key}.{path}" for path in empty_values(value)]
    return found


# An event's file


def test_the_event_file_holds_every_session(client, agenda):
    venue = venue_entry()
    page = event(
        agenda,
        {"date": in_days(10), "start_time": datetime.time(9, 30), "end_time": NOON},
        {"date": in_days(12)},
        {"date": in_days(-30), "start_time": TEN_AM},
        {"date": in_days(14), "start_time": TEN_AM, "cancelled": True},
        title="Formation à l'accueil",
        intro="Deux matinées pour accueillir.",
        venue=venue,
    )
    timed, whole_day, past, cancelled = (
        page.sessions.get(date=in_days(10)),
        page.sessions.get(date=in_days(12)),
        page.sessions.get(date=in_days(-30)),
        page.sessions.get(date=in_days(14)),
    )
    response = client.get(page.url + "evenement.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{page.slug}.ics"'
    calendar = ics_of(client, page.url + "evenement.ics")
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Formation à l'accueil"
    found = by_uid(calendar)
    assert set(found) == {str(s.uid) for s in (timed, whole_day, past, cancelled)}
    first = found[str(timed.uid)]
    assert first["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert aware_start(first) == timed.starts_at
    assert first.decoded("DTEND") == timed.ends_at
    assert first["STATUS"] == "CONFIRMED"
    assert first["SEQUENCE"] == 0
    assert first["SUMMARY"] == "Formation à l'accueil"
    assert str(first["URL"]) == f"{root_url()}{page.url}"
    assert "Deux matinées pour accueillir." in first["DESCRIPTION"]
    assert f"{root_url()}{page.url}" in first["DESCRIPTION"]
    assert first["LOCATION"] == f"{venue.title}, rue de Fer 1, 5000 Namur"
    assert first.decoded("DTSTAMP").tzinfo is not None
    day = found[str(whole_day.uid)]
    assert day["DTSTART"].params["VALUE"] == "DATE"
    assert day.decoded("DTSTART") == in_days(12)
    assert day.decoded("DTEND") == in_days(13)
    assert found[str(cancelled.uid)]["STATUS"] == "CANCELLED"
    assert found[str(past.uid)]["STATUS"] == "CONFIRMED"
    # The raw text names the zone on the timed start.
    text = response.content.decode()
    assert f"DTSTART;TZID=Europe/Brussels:{in_days(10):%Y%m%d}T093000" in text


def test_a_place_is_the_free_address_or_online(client, agenda):
    address = event(agenda, in_days(3), address="Maison de quartier\nrue Neuve 3, 5000 Namur")
    both = event(agenda, in_days(4), address="Salle communale", online=True)
    online = event(agenda, in_days(5), online=True, online_url=ONLINE_URL)
    nowhere = event(agenda, in_days(6))

    def location(page):
        (vevent,) = vevents(ics_of(client, page.url + "evenement.ics"))
        return vevent.get("LOCATION")

    assert location(address) == "Maison de quartier, rue Neuve 3, 5000 Namur"
    assert location(both) == "Salle communale (aussi en ligne)"
    assert location(online) == "En ligne"
    assert location(nowhere) is None


def test_a_session_file_for_the_confirmation_email(agenda):
    page = event(agenda, {"date": in_days(7), "start_time": TEN_AM}, title="Séance d'information")
    session = page.sessions.get()
    content = session_ics(session)
    assert isinstance(content, bytes)
    calendar = parsed(content)
    (vevent,) = vevents(calendar)
    assert str(vevent["UID"]) == str(session.uid)
    assert aware_start(vevent) == session.starts_at
    assert "DTEND" not in vevent  # no end time given: none invented
    assert str(vevent["URL"]) == f"{root_url()}{page.url}"
    assert vevent["SUMMARY"] == "Séance d'information"


# Daylight saving


def test_times_either_side_of_the_daylight_saving_changes(client, agenda):
    page = event(agenda, *dst_sessions(), title="Quatre samedis et dimanches")
    calendar = ics_of(client, page.url + "evenement.ics")
    march, october = next_change(3), next_change(10)
    expected = {
        march - timedelta(days=1): 9,  # winter time: 10 h is 09:00Z
        march + timedelta(days=1): 8,  # summer time: 10 h is 08:00Z
        october - timedelta(days=1): 8,
        october + timedelta(days=1): 9,
    }
    starts = {aware_start(v).date(): aware_start(v).astimezone(UTC) for v in vevents(calendar)}
    assert {day: start.hour for day, start in starts.items()} == expected
    assert all(start.minute == 0 for start in starts.values())
    # The file's own VTIMEZONE says the same, whatever the reader's time zone database.
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    for day, hour in expected.items():
        wall = datetime.datetime.combine(day, TEN_AM, tzinfo=zone)
        assert wall.astimezone(UTC).hour == hour, day


# The feed


def test_the_feed_over_twelve_months_is_the_sites_list(client, agenda):
    horizon = today() + timedelta(days=365)
    event(agenda, *dst_sessions(), title="Autour des changements horaires")
    event(agenda, in_days(-3), {"date": in_days(2), "start_time": TEN_AM}, title="Cycle")
    event(agenda, today(), title="Ce jour")
    event(agenda, {"date": in_days(20), "cancelled": True}, in_days(21), title="Une annulée")
    event(agenda, {"date": in_days(8), "cancelled": True}, title="Tout annulé")
    event(agenda, in_days(-10), title="Passé")
    event(agenda, in_days(400), title="Dans plus de douze mois")
    draft = event(agenda, in_days(5), title="Brouillon")
    draft.unpublish()
    private = event(agenda, in_days(6), title="Privé")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    calendar = ics_of(client, FEED)

    def in_window(vevent):
        return today() <= aware_start(vevent).astimezone(BRUSSELS).date() <= horizon

    feed = [vevent for vevent in vevents(calendar) if in_window(vevent)]
    confirmed = {(str(v["UID"]), aware_start(v)) for v in feed if v["STATUS"] == "CONFIRMED"}
    cancelled = {(str(v["UID"]), aware_start(v)) for v in feed if v["STATUS"] == "CANCELLED"}
    # What the site lists as upcoming (listing.py), over the same twelve months.
    listed_events = with_next_session(public_events().child_of(agenda))
    listed = upcoming_sessions().filter(event__in=listed_events, date__lte=horizon)
    assert confirmed == {(str(s.uid), s.starts_at) for s in listed}
    assert len(confirmed) == 7  # the four around the changes, Cycle, today, Une annulée
    assert cancelled == {
        (str(s.uid), s.starts_at)
        for s in EventSession.objects.filter(
            cancelled=True, date__gte=today(), event__title__in=["Une annulée", "Tout annulé"]
        )
    }
    summaries = {str(v["SUMMARY"]) for v in vevents(calendar)}
    assert "Dans plus de douze mois" in summaries  # in the feed, beyond the twelve months
    assert not summaries & {"Passé", "Brouillon", "Privé"}
    # The agenda page lists the same events (those with a session to come, not cancelled).
    html = html_of(client, pages.AGENDA)
    confirmed_titles = {str(v["SUMMARY"]) for v in vevents(calendar) if v["STATUS"] == "CONFIRMED"}
    assert set(pages.titles_in_order(html, sorted(summaries | {"Passé", "Privé"}))) == (
        confirmed_titles
    )
    assert str(calendar["X-WR-CALNAME"]).startswith("Agenda – ")
    content = client.get(FEED).content
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in content
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in content


def test_the_feed_follows_the_lists_filters(client, agenda):
    logement = ThematicPage.objects.live().get(slug="logement")
    cpas = Audience.objects.create(name="Travailleurs des CPAS")
    training = event(agenda, in_days(4), title="Formation à Namur", commune="Namur")
    training.thematics.set([logement])
    training.audiences.set([cpas])
    training.save()
    event(
        agenda, in_days(5), title="Réunion à Dinant", kind=EventKind.CONCERTATION, commune="Dinant"
    )
    # A commune whose only event is over: a link copied earlier still answers, empty.
    event(agenda, in_days(-5), title="Passé à Ciney", commune="Ciney")

    def titles(query):
        return sorted(str(v["SUMMARY"]) for v in vevents(ics_of(client, FEED + query)))

    assert titles("") == ["Formation à Namur", "Réunion à Dinant"]
    assert titles("?type=formation") == ["Formation à Namur"]
    assert titles("?type=concertation") == ["Réunion à Dinant"]
    assert titles("?thematique=logement") == ["Formation à Namur"]
    assert titles("?public=travailleurs-des-cpas") == ["Formation à Namur"]
    assert titles("?commune=Dinant") == ["Réunion à Dinant"]
    assert titles("?commune=Dinant&type=formation") == []
    assert titles("?commune=Ciney") == []
    # The period and the page number mean nothing for the feed of upcoming sessions.
    assert titles("?passes=1&page=2") == ["Formation à Namur", "Réunion à Dinant"]
    calendar = ics_of(client, FEED + "?commune=Dinant")
    assert str(calendar["NAME"]).endswith("(Dinant)")


@pytest.mark.parametrize(
    "query,status",
    [
        ("?type=inconnu", 400),
        ("?thematique=pas-une-thematique", 400),
        ("?public=%00", 400),
        ("?commune=Atlantide", 400),
        ("?type=formation&type=<script>", 400),
        ("?commune[]=Namur", 200),
        ("?passes=2", 200),
        ("?page=abc", 200),
        ("?page=999999999999999999999", 200),
        ("?utm_source=lettre", 200),
        ("?%ff=%fe", 200),
    ],
)
def test_bad_feed_parameters_give_no_500(client, agenda, query, status):
    event(agenda, in_days(4), title="Formation à Namur", commune="Namur")
    response = client.get(FEED + query)
    assert response.status_code == status
    if status == 400:
        text = response.content.decode()
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert text.startswith("Filtre non reconnu dans l'adresse du calendrier : ")
        assert "<script>" not in text and "\x00" not in text
    else:
        titles = [str(v["SUMMARY"]) for v in vevents(parsed(response.content))]
        assert titles == ["Formation à Namur"]


# An editor's changes


def test_an_editors_move_and_cancellation_reach_the_calendars(client, agenda):
    page = event(
        agenda,
        {"date": in_days(10), "start_time": TEN_AM, "end_time": NOON},
        {"date": in_days(11), "start_time": TEN_AM},
        title="Formation déplacée",
    )
    moved, other = page.sessions.order_by("date")
    before = moved.starts_at
    (vevent,) = [v for v in vevents(ics_of(client, FEED)) if str(v["UID"]) == str(moved.uid)]
    assert vevent["SEQUENCE"] == 0

    publish_as_editor(page, moved, date=in_days(15), start_time=datetime.time(14))
    moved.refresh_from_db()
    for url in (FEED, page.url + "evenement.ics"):
        found = by_uid(ics_of(client, url))
        assert found[str(moved.uid)]["SEQUENCE"] == 1, url
        assert aware_start(found[str(moved.uid)]) == datetime.datetime.combine(
            in_days(15), datetime.time(14), tzinfo=BRUSSELS
        )
        assert found[str(moved.uid)]["STATUS"] == "CONFIRMED"
        assert found[str(other.uid)]["SEQUENCE"] == 0  # untouched
    (moved_data,) = [
        data
        for data in json_ld_of(html_of(client, page.url))[0]
        if data["startDate"].startswith(in_days(15).isoformat())
    ]
    assert moved_data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved_data["previousStartDate"] == before.isoformat()

    publish_as_editor(page, moved, cancelled=True)
    for url in (FEED, page.url + "evenement.ics"):
        found = by_uid(ics_of(client, url))
        assert found[str(moved.uid)]["SEQUENCE"] == 2, url
        assert found[str(moved.uid)]["STATUS"] == "CANCELLED"
        assert "Cette session est annulée." in found[str(moved.uid)]["DESCRIPTION"]
        assert found[str(other.uid)]["STATUS"] == "CONFIRMED"
    statuses = {d["startDate"]: d["eventStatus"] for d in json_ld_of(html_of(client, page.url))[0]}
    assert statuses[moved.starts_at.isoformat()] == "https://schema.org/EventCancelled"
    assert statuses[other.starts_at.isoformat()] == "https://schema.org/EventScheduled"


# The online link stays private


def test_the_online_link_is_never_published(client, agenda):
    page = event(
        agenda,
        {"date": in_days(3), "start_time": TEN_AM},
        title="Webinaire",
        online=True,
        online_url=ONLINE_URL,
        address="Salle du conseil",
    )
    texts = [
        client.get(FEED).content.decode(),
        client.get(page.url + "evenement.ics").content.decode(),
        session_ics(page.sessions.get()).decode(),
        html_of(client, page.url),
        html_of(client, pages.AGENDA),
    ]
    assert "BEGIN:VEVENT" in texts[0] and "BEGIN:VEVENT" in texts[1]
    assert "application/ld+json" in texts[3]
    for text in texts:
        assert ONLINE_URL not in text and "visio.example.org" not in text


# Structured data


def test_an_event_page_has_its_sessions_as_schema_org_events(client, agenda):
    venue = venue_entry()
    page = event(
        agenda,
        {"date": in_days(10), "start_time": datetime.time(9, 30), "end_time": NOON},
        {"date": in_days(12)},
        {"date": in_days(-30), "start_time": TEN_AM},  # past: not described
        title="Formation mixte",
        intro="Sur place et en ligne.",
        venue=venue,
        online=True,
        online_url=ONLINE_URL,
        free=True,
    )
    timed = page.sessions.get(date=in_days(10))
    (data,) = json_ld_of(html_of(client, page.url))
    assert [item["startDate"] for item in data] == [
        timed.starts_at.isoformat(),
        in_days(12).isoformat(),
    ]
    first = data[0]
    url = f"{root_url()}{page.url}"
    assert first["@context"] == "https://schema.org"
    assert first["@type"] == "Event"
    assert first["name"] == "Formation mixte"
    assert first["description"] == "Sur place et en ligne."
    assert first["url"] == url
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT09:30:00\+0[12]:00", first["startDate"])
    assert first["endDate"] == timed.ends_at.isoformat()
    assert first["eventStatus"] == "https://schema.org/EventScheduled"
    assert first["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = first["location"]
    assert place == {
        "@type": "Place",
        "name": venue.title,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "rue de Fer 1",
            "postalCode": "5000",
            "addressLocality": "Namur",
            "addressCountry": "BE",
        },
    }
    assert virtual == {"@type": "VirtualLocation", "url": url}
    assert first["isAccessibleForFree"] is True
    assert "previousStartDate" not in first
    organisation = ContactSettings.for_site(
        Site.objects.get(is_default_site=True)
    ).organisation_name
    assert organisation
    assert first["organizer"] == {"@type": "Organization", "name": organisation, "url": root_url()}
    assert empty_values(data) == []


def test_structured_data_says_only_what_is_known(client, agenda):
    offline = event(agenda, in_days(4), title="Sur place", address="Salle communale\n5000 Namur")
    (data,) = json_ld_of(html_of(client, offline.url))
    (item,) = data
    assert item["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert item["location"]["name"] == "Salle communale"
    assert item["location"]["address"]["streetAddress"] == "Salle communale, 5000 Namur"
    assert "isAccessibleForFree" not in item  # `free` not decided
    paying = event(agenda, in_days(4), title="En ligne seulement", online=True, free=False)
    (data,) = json_ld_of(html_of(client, paying.url))
    assert data[0]["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data[0]["location"] == {"@type": "VirtualLocation", "url": f"{root_url()}{paying.url}"}
    assert data[0]["isAccessibleForFree"] is False
    bare = event(agenda, in_days(4), title="Sans lieu", intro="")
    (data,) = json_ld_of(html_of(client, bare.url))
    assert not {"location", "eventAttendanceMode", "description"} & set(data[0])
    assert empty_values(data) == []


def test_a_past_event_describes_its_sessions(client, agenda):
    page = event(agenda, in_days(-20), {"date": in_days(-10), "cancelled": True}, title="Fini")
    (data,) = json_ld_of(html_of(client, page.url))
    assert [(item["startDate"], item["eventStatus"]) for item in data] == [
        (in_days(-20).isoformat(), "https://schema.org/EventScheduled"),
        (in_days(-10).isoformat(), "https://schema.org/EventCancelled"),
    ]


def test_the_structured_data_cannot_close_its_script_block(client, agenda):
    page = event(agenda, in_days(4), title="Atelier </script><b>gras</b> & co")
    html = html_of(client, page.url)
    block = JSON_LD.search(html).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003C/script\\u003E" in block
    assert json.loads(block)[0]["name"] == "Atelier </script><b>gras</b> & co"


# The links


def test_the_agenda_offers_its_feed_with_the_filters(client, agenda):
    event(agenda, in_days(4), title="Formation à Namur", commune="Namur")
    event(agenda, in_days(5), title="Réunion à Dinant", commune="Dinant")
    html = html_of(client, pages.AGENDA + "?commune=Namur&page=1")
    assert ">S'abonner à l'agenda</h2>" in html
    subscribe = f'href="webcal://testserver{FEED}?commune=Namur"'
    assert subscribe in html
    assert f'href="{FEED}?commune=Namur" type="text/calendar" download>' in html
    assert ">Télécharger le fichier .ics</a>" in html
    assert html.count("<h1") == 1
    # The subscription gives what the filtered list shows.
    calendar = ics_of(client, f"{FEED}?commune=Namur")
    assert [str(v["SUMMARY"]) for v in vevents(calendar)] == ["Formation à Namur"]
    unfiltered = html_of(client, pages.AGENDA)
    assert f'href="webcal://testserver{FEED}"' in unfiltered
    assert f'href="{FEED}" type="text/calendar" download>' in unfiltered


def test_no_subscription_block_without_upcoming_events(client, agenda):
    event(agenda, in_days(-3), title="Passé", commune="Namur")
    event(agenda, in_days(3), title="À venir", commune="Dinant")
    event(agenda, in_days(4), title="Réunion", commune="Ciney", kind=EventKind.CONCERTATION)
    # Filters that list nothing to come, and the past events.
    for query in ("?commune=Dinant&type=concertation", "?passes=1"):
        html = html_of(client, pages.AGENDA + query)
        assert "S'abonner" not in html and "agenda.ics" not in html, query
    assert "S'abonner à l'agenda" in html_of(client, pages.AGENDA)
    for page in EventPage.objects.live():
        page.unpublish()
    html = html_of(client, pages.AGENDA)
    assert "S'abonner" not in html and "agenda.ics" not in html
    assert "aucun" not in html.lower()


def test_an_event_page_links_to_its_calendar_file(client, agenda):
    page = event(agenda, in_days(4), title="Formation")
    html = html_of(client, page.url)
    link = f'<a href="{page.url}evenement.ics" type="text/calendar" download>'
    assert f"{link}Ajouter à mon agenda (.ics)</a>" in html
    assert html.index(link) < html.index("Retour à l’agenda")
    assert html.count("<h1") == 1
    past = event(agenda, in_days(-40), title="Passée")
    assert "Ajouter à mon agenda (.ics)" in html_of(client, past.url)


# The query budget


def test_the_calendar_files_query_count_does_not_grow_with_the_events(client, agenda):
    venue = venue_entry()
    logement = ThematicPage.objects.live().get(slug="logement")
    cpas = Audience.objects.create(name="CPAS de test")

    def add(count, start):
        """Events with two sessions to come (one whole day), a past one and a cancelled one."""
        for n in range(start, start + count):
            page = event(
                agenda,
                {"date": in_days(n % 30 + 1), "start_time": TEN_AM, "end_time": NOON},
                in_days(n % 30 + 40),
                in_days(-n - 1),
                {"date": in_days(n % 30 + 2), "cancelled": True},
                title=f"Événement {n}",
                commune=f"Commune {n % 3}",
                venue=venue if n % 2 else None,
                address="" if n % 2 else "Salle communale",
                online=bool(n % 3),
            )
            page.thematics.set([logement])
            page.audiences.set([cpas])
            page.save()

    add(3, 0)
    filtered_feed = f"{FEED}?thematique=logement&commune=Commune+1"
    first = event(agenda, in_days(2), in_days(3), title="Premier", venue=venue)
    event_file = first.url + "evenement.ics"

    def feed_queries(url):
        return queries_of(lambda request: feed_response(agenda, request), url)

    def event_file_queries():
        page = EventPage.objects.get(pk=first.pk)  # as Wagtail finds it: its venue not read
        return queries_of(lambda request: event_response(page, request), event_file)

    # Through the site's URLs (routing included): measured once, then the same at 10×.
    counts = {url: cold_get(client, url)[1] for url in (FEED, filtered_feed, event_file)}
    # The files' own queries: pinned.
    assert feed_queries(FEED) == feed_queries(filtered_feed) == FEED_QUERIES
    assert event_file_queries() == EVENT_FILE_QUERIES
    add(27, 3)
    for n in range(20):
        EventSession.objects.create(event=first, date=in_days(n + 5), start_time=TEN_AM)
    for url, sessions in ((FEED, 30 * 3 + 22), (filtered_feed, 10 * 3), (event_file, 22)):
        response = assert_queries(client, url, counts[url])
        assert len(vevents(parsed(response.content))) == sessions, url
    assert feed_queries(FEED) == feed_queries(filtered_feed) == FEED_QUERIES
    assert event_file_queries() == EVENT_FILE_QUERIES


def test_the_json_ld_tag_reads_the_sessions_itself(agenda, rf):
    page = event(agenda, {"date": in_days(6), "start_time": TEN_AM}, title="Seule")
    request = rf.get(page.url)
    template = Template("{% load agenda_calendar_tags %}{% event_json_ld page %}")
    html = template.render(Context({"page": EventPage.objects.get(pk=page.pk), "request": request}))
    (data,) = json_ld_of(html)
    assert [item["startDate"] for item in data] == [page.sessions.get().starts_at.isoformat()]
    empty = event(agenda, title="Sans session")
    assert template.render(Context({"page": empty, "request": request})) == ""
