"""The agenda's public pages: the listing of upcoming events and its filters, the past events,
an event's page (sessions in Brussels time, places, place and access), the sections of the
home and thematic pages, and the listing's query count."""

import datetime
import re
import uuid

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from agenda.listing import today, upcoming_events_for_space, upcoming_events_for_thematic
from agenda.models import AgendaPage, EventKind, EventPage, Registration, RegistrationStatus
from agenda.templatetags.agenda_tags import heure, when
from ppli.models import ConcertationSpacePage, WorkingGroupIndexPage
from taxonomies.models import Audience
from testing.factories import EventPageFactory
from testing.queries import assert_queries
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

AGENDA = "/agenda/"
# Cold: Wagtail's routing and the page's chrome, the view restrictions (`.public()`), the
# filters' choices (kinds, thematics, audiences, communes), whether the other period has
# events, the count and the page of events, their thematics.
AGENDA_QUERIES = 28
ONLINE_URL = "https://visio.example.org/reunion-secrete-4321"


@pytest.fixture
def agenda(home_page):
    """The agenda under the home page: the initial content's, or a new one."""
    existing = AgendaPage.objects.child_of(home_page).first()
    if existing is not None:
        return existing
    agenda = AgendaPage(title="Agenda", slug="agenda", intro="Les formations et réunions.")
    home_page.add_child(instance=agenda)
    return agenda


def in_days(days):
    return today() + datetime.timedelta(days=days)


def event(agenda, *sessions, **fields):
    """A published event under the agenda; each session a date, or a dict of its fields."""
    rows = [s if isinstance(s, dict) else {"date": s} for s in sessions]
    return EventPageFactory(parent=agenda, sessions=rows, **fields)


def register(session, status):
    return Registration.objects.create(
        session=session,
        status=status,
        name="Personne inscrite",
        token_salt="sel",
        token_hash=uuid.uuid4().hex,
        token_expires=timezone.now() + datetime.timedelta(days=30),
    )


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main_of(html):
    """The page's own content, without the header and footer of every page."""
    return html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def titles_in_order(html, titles):
    """The given titles in the order the HTML shows them (those absent left out)."""
    found = [(html.find(f">{title}<"), title) for title in titles]
    return [title for position, title in sorted(found) if position >= 0]


# The listing


def test_the_agenda_lists_upcoming_events_by_their_next_session(client, agenda):
    event(agenda, {"date": in_days(10), "start_time": datetime.time(9)}, title="Dans dix jours")
    event(agenda, {"date": in_days(3), "start_time": datetime.time(14)}, title="Après-midi")
    event(agenda, {"date": in_days(3), "start_time": datetime.time(9)}, title="Matin")
    event(agenda, {"date": in_days(3)}, title="Toute la journée")
    event(agenda, in_days(-5), title="Déjà passé")
    event(agenda, {"date": in_days(2), "cancelled": True}, title="Annulé")
    # A cycle: listed once, at its next session, with the number of the other dates.
    event(agenda, in_days(-20), in_days(1), in_days(8), in_days(15), title="Cycle")
    html = html_of(client, AGENDA)
    titles = ["Dans dix jours", "Après-midi", "Matin", "Toute la journée", "Cycle"]
    assert titles_in_order(html, [*titles, "Déjà passé", "Annulé"]) == [
        "Cycle",
        "Toute la journée",
        "Matin",
        "Après-midi",
        "Dans dix jours",
    ]
    assert html.count(">Cycle<") == 1
    assert "Et 2 autres dates" in html
    assert "5 événements à venir" in html
    assert f'datetime="{in_days(1).isoformat()}"' in html
    assert "9 h – " not in html and "9 h" in html
    assert "Voir les événements passés" in html


def test_events_of_today_are_upcoming(client, agenda):
    event(agenda, today(), title="Ce jour")
    assert ">Ce jour<" in html_of(client, AGENDA)


def test_filters_narrow_the_agenda(client, agenda):
    logement = ThematicPage.objects.live().get(slug="logement")
    sante = ThematicPage.objects.live().get(slug="sante")
    cpas = Audience.objects.create(name="Travailleurs des CPAS")
    training = event(agenda, in_days(4), title="Formation à Namur", commune="Namur")
    training.thematics.set([logement])
    training.audiences.set([cpas])
    training.save()
    meeting = event(
        agenda,
        in_days(5),
        title="Réunion à Dinant",
        kind=EventKind.CONCERTATION,
        commune="Dinant",
    )
    meeting.thematics.set([sante])
    meeting.save()
    titles = ["Formation à Namur", "Réunion à Dinant"]

    def listed(query):
        return titles_in_order(html_of(client, AGENDA + query), titles)

    assert listed("") == titles
    assert listed("?type=formation") == ["Formation à Namur"]
    assert listed("?type=concertation") == ["Réunion à Dinant"]
    assert listed("?thematique=sante") == ["Réunion à Dinant"]
    assert listed("?public=travailleurs-des-cpas") == ["Formation à Namur"]
    assert listed("?commune=Dinant") == ["Réunion à Dinant"]
    assert listed("?commune=Dinant&type=formation") == []
    html = html_of(client, AGENDA)
    # Only the values a listed event carries are offered.
    assert 'value="logement"' in html and 'value="sante"' in html
    assert 'value="asile"' not in html
    assert 'value="pleniere"' not in html
    assert 'value="Namur"' in html and 'value="Dinant"' in html


@pytest.mark.parametrize(
    "query",
    [
        "?type=inconnu",
        "?thematique=pas-une-thematique",
        "?public=%00",
        "?commune=Atlantide",
        "?passes=2",
        "?page=abc",
        "?page=999",
        "?type=formation&type=<script>",
    ],
)
def test_unknown_filter_values_are_ignored(client, agenda, query):
    event(agenda, in_days(4), title="Formation à Namur", commune="Namur")
    html = html_of(client, AGENDA + query)
    assert ">Formation à Namur<" in html
    if "page=" not in query and "type=formation" not in query:
        assert "Filtre non reconnu, ignoré" in html


def test_the_archive_shows_past_events_newest_first(client, agenda):
    event(agenda, in_days(-30), title="Il y a un mois")
    event(agenda, {"date": datetime.date(2016, 10, 19)}, title="En 2016")
    event(agenda, in_days(-2), title="Avant-hier")
    event(agenda, in_days(-40), in_days(6), title="Encore à venir")
    titles = ["Il y a un mois", "En 2016", "Avant-hier", "Encore à venir"]
    html = html_of(client, AGENDA + "?passes=1")
    assert titles_in_order(html, titles) == ["Avant-hier", "Il y a un mois", "En 2016"]
    assert "Événements passés" in html
    assert "Voir les prochains événements" in html
    assert "19 octobre 2016" in html
    assert titles_in_order(html_of(client, AGENDA), titles) == ["Encore à venir"]


def test_the_archive_link_keeps_the_filters_and_needs_past_events(client, agenda):
    for page in EventPage.objects.live():  # the initial content's past event
        page.unpublish()
    event(agenda, in_days(3), title="À venir", commune="Namur")
    assert "Voir les événements passés" not in html_of(client, AGENDA)
    event(agenda, in_days(-3), title="Passé", commune="Namur")
    html = html_of(client, AGENDA + "?commune=Namur")
    assert 'href="/agenda/?commune=Namur&amp;passes=1"' in html


def test_an_agenda_without_upcoming_events_shows_no_empty_list(client, agenda):
    event(agenda, in_days(-3), title="Passé")
    html = html_of(client, AGENDA)
    assert "Prochains événements" not in html
    assert "Filtrer l" not in html
    assert 'class="cards' not in html
    assert "aucun" not in html.lower()
    assert 'href="/agenda/?passes=1"' in html


def test_the_agenda_never_shows_the_online_link(client, agenda):
    event(agenda, in_days(3), title="Webinaire", online=True, online_url=ONLINE_URL)
    html = html_of(client, AGENDA)
    assert "En ligne" in html
    assert ONLINE_URL not in html and "visio.example.org" not in html


# The event's page


def test_an_event_page_shows_its_sessions_in_brussels_time(client, agenda):
    page = event(
        agenda,
        # The day summer time begins (2 h → 3 h): 10 h is 08:00 UTC, +02:00.
        {
            "date": datetime.date(2027, 3, 28),
            "start_time": datetime.time(10),
            "end_time": datetime.time(12),
        },
        # The day before, still winter time: +01:00.
        {
            "date": datetime.date(2027, 3, 27),
            "start_time": datetime.time(9, 30),
            "end_time": datetime.time(12),
        },
        # The day winter time comes back.
        {"date": datetime.date(2027, 10, 31), "start_time": datetime.time(14, 5)},
        {"date": datetime.date(2016, 10, 19)},
        title="Quatre dates",
    )
    html = html_of(client, page.url)
    assert 'datetime="2027-03-28T10:00:00+02:00">dimanche 28 mars 2027, 10 h – 12 h</time>' in html
    assert 'datetime="2027-03-27T09:30:00+01:00"' in html
    assert "samedi 27 mars 2027, 9 h 30 – 12 h" in html
    assert 'datetime="2027-10-31T14:05:00+01:00"' in html
    assert "dimanche 31 octobre 2027, 14 h 05<" in html
    assert 'datetime="2016-10-19">19 octobre 2016<' in html
    # In calendar order, under "Dates".
    positions = [html.find(text) for text in ("2016-10-19", "2027-03-27", "2027-03-28", "2027-10")]
    assert positions == sorted(positions)
    assert ">Dates</h2>" in html


def test_an_event_page_shows_places_left_and_cancelled_sessions(client, agenda):
    page = event(
        agenda,
        {"date": in_days(10), "start_time": datetime.time(9), "capacity": 10},
        {"date": in_days(11), "start_time": datetime.time(9), "capacity": 2},
        {"date": in_days(12), "start_time": datetime.time(9), "capacity": 5, "cancelled": True},
        {"date": in_days(13), "start_time": datetime.time(9)},
    )
    first, full, cancelled, open_ = page.sessions.order_by("date")
    for status in [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.OFFERED,
        RegistrationStatus.WAITING,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.LAPSED,
    ]:
        register(first, status)
    register(full, RegistrationStatus.CONFIRMED)
    register(full, RegistrationStatus.OFFERED)
    register(cancelled, RegistrationStatus.CONFIRMED)
    html = html_of(client, page.url)
    assert "6 places restantes" in html
    assert "Complet" in html
    assert html.count("Annulée") == 1
    assert html.count("restante") == 1  # not for the cancelled one, nor without a capacity
    items = re.findall(r'<li class="agenda-session[^"]*">(.*?)</li>', html, re.S)
    assert len(items) == 4
    assert "Annulée" in items[2] and "place" not in items[2]


def test_sessions_taking_registrations_link_to_the_form(client, agenda):
    page = event(
        agenda,
        {"date": in_days(10), "start_time": datetime.time(9), "capacity": 10},
        {"date": in_days(11), "start_time": datetime.time(9)},
        {"date": in_days(-11), "start_time": datetime.time(9), "capacity": 10},
        {"date": in_days(12), "start_time": datetime.time(9), "capacity": 10, "cancelled": True},
    )
    html = html_of(client, page.url)  # never an error, whether the form exists yet or not
    session = page.sessions.order_by("date")[1]
    try:
        url = reverse("agenda_register", args=[session.pk])
    except NoReverseMatch:
        assert "S'inscrire" not in html
        return
    assert html.count("S&#x27;inscrire") + html.count("S'inscrire") == 1
    assert f'href="{url}"' in html


def test_an_event_page_shows_its_place_and_access(client, agenda):
    page = event(
        agenda,
        in_days(5),
        address="Maison de quartier\nrue Neuve 3, 5000 Namur",
        online=True,
        online_url=ONLINE_URL,
        accessibility="Accès de plain-pied, boucle magnétique.",
        free=True,
        commune="Namur",
    )
    logement = ThematicPage.objects.live().get(slug="logement")
    draft = ThematicPage.objects.live().get(slug="sante")
    draft.unpublish()
    page.thematics.set([logement, draft])
    page.audiences.set([Audience.objects.create(name="Écoles de test")])
    page.save()
    html = html_of(client, page.url)
    assert "Lieu et accès" in html
    assert "Maison de quartier<br>rue Neuve 3, 5000 Namur" in html
    assert "Aussi en ligne" in html
    assert ONLINE_URL not in html and "visio.example.org" not in html
    assert "boucle magnétique" in html
    assert "gratuit" in html
    assert 'href="/thematiques/logement/"' in html
    assert "/thematiques/sante/" not in html
    assert "Écoles de test" in html
    assert html.count("<h1") == 1


def test_an_event_page_shows_its_venue_from_the_directory(client, agenda):
    venue = page_at("/ressources/repertoires-et-cartographies/").get_children().live().first()
    venue = venue.specific
    venue.street, venue.postcode, venue.commune = "rue de Fer 1", "5000", "Namur"
    venue.save()
    page = event(agenda, in_days(5), venue=venue, address="Ne s'affiche pas")
    html = html_of(client, page.url)
    assert f'href="{venue.url}"' in html
    assert "rue de Fer 1<br>5000 Namur" in html
    assert "Ne s&#x27;affiche pas" not in html and "Ne s'affiche pas" not in html


def test_an_event_page_has_no_empty_section(client, agenda):
    page = event(agenda, in_days(5), intro="")
    html = main_of(html_of(client, page.url))
    for absent in ["Lieu et accès", "Thématiques et publics", "<dl", "<address", "En ligne"]:
        assert absent not in html
    assert "non renseigné" not in html.lower()
    assert "aucun" not in html.lower()
    assert "Formation" in html  # its kind, above the title
    assert ">Date</h2>" in html


# The sections of other pages


def test_the_home_and_thematic_pages_list_the_next_events(client, agenda):
    logement = ThematicPage.objects.live().get(slug="logement")
    tagged = event(agenda, in_days(3), title="Sur le logement")
    tagged.thematics.set([logement])
    tagged.save()
    event(agenda, in_days(2), title="Autre sujet")
    past = event(agenda, in_days(-2), title="Passé", online_url=ONLINE_URL)
    past.thematics.set([logement])
    past.save()
    home = html_of(client, "/")
    assert "Prochains événements" in home
    assert titles_in_order(home, ["Sur le logement", "Autre sujet", "Passé"]) == [
        "Autre sujet",
        "Sur le logement",
    ]
    thematic = html_of(client, "/thematiques/logement/")
    assert 'id="thematique-agenda"' in thematic
    assert ">Sur le logement<" in thematic and ">Autre sujet<" not in thematic
    assert 'href="/agenda/?thematique=logement"' in thematic
    assert ONLINE_URL not in home + thematic
    assert [e.title for e in upcoming_events_for_thematic(logement, 5)] == ["Sur le logement"]


def test_no_agenda_section_without_upcoming_events(client, agenda):
    event(agenda, in_days(-2), title="Passé")
    assert "Prochains événements" not in html_of(client, "/")
    assert "thematique-agenda" not in html_of(client, "/thematiques/logement/")


def test_a_concertation_space_has_its_upcoming_events(agenda):
    groups = WorkingGroupIndexPage.objects.first()
    space = ConcertationSpacePage(title="Coordination locale de test", slug="coordination-test")
    groups.add_child(instance=space)
    event(agenda, in_days(9), title="Deuxième", concertation_space=space)
    event(agenda, in_days(4), title="Première", concertation_space=space)
    event(agenda, in_days(1), title="Ailleurs")
    assert [e.title for e in upcoming_events_for_space(space, 5)] == ["Première", "Deuxième"]
    assert [e.title for e in upcoming_events_for_space(space, 1)] == ["Première"]


# Formatting


def test_times_and_dates_are_written_the_french_way():
    assert heure(datetime.time(9, 30)) == "9 h 30"
    assert heure(datetime.time(12)) == "12 h"
    assert heure(None) == ""
    with translation.override("fr-be"):
        assert (
            when(datetime.date(2027, 3, 2), datetime.time(9, 30), datetime.time(12))
            == "mardi 2 mars 2027, 9 h 30 – 12 h"
        )
        assert when(datetime.date(2016, 10, 19)) == "19 octobre 2016"


# The query budget


def test_the_agenda_query_count_does_not_grow_with_the_events(client, agenda):
    logement = ThematicPage.objects.live().get(slug="logement")
    cpas = Audience.objects.create(name="CPAS de test")

    def add(count, start):
        """Events with two sessions to come and a past one; one in three all past."""
        for n in range(start, start + count):
            if n % 3:
                sessions = [in_days(n % 30 + 1), in_days(n % 30 + 40), in_days(-n - 1)]
            else:
                sessions = [in_days(-n - 1), in_days(-n - 2)]
            page = event(
                agenda,
                *sessions,
                title=f"Événement {n}",
                commune=f"Commune {n % 7}",
                kind=EventKind.values[n % len(EventKind.values)],
            )
            page.thematics.set([logement])
            page.audiences.set([cpas])
            page.save()

    add(3, 0)
    client.get(AGENDA)
    assert_queries(client, AGENDA, AGENDA_QUERIES)
    past = AGENDA + "?passes=1&commune=Commune+0"
    assert_queries(client, past, AGENDA_QUERIES)
    add(27, 3)
    assert_queries(client, AGENDA, AGENDA_QUERIES)
    response = assert_queries(client, past, AGENDA_QUERIES)
    html = response.content.decode()
    assert ">Événement 0<" in html and ">Événement 21<" in html
