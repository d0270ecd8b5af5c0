"""Registrations (agenda/registrations.py): places, waiting list, promotion, offers within 48 h,
the link's token, and exact capacity under concurrency."""

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from agenda.follow import find_by_token, link_token, waiting_position
from agenda.models import (
    BRUSSELS,
    AgendaPage,
    EventPage,
    EventSession,
    Registration,
    RegistrationStatus,
)
from agenda.registrations import RegistrationClosed, accept_offer, cancel, register

CONFIRMED, WAITING = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING
OFFERED, LAPSED = RegistrationStatus.OFFERED, RegistrationStatus.LAPSED


def make_event(home_page, start, capacity=10, title="Formation à l'interculturalité"):
    """A published event under a published agenda, with one session at `start` (Brussels)."""
    agenda = AgendaPage.objects.first()
    if agenda is None:
        agenda = home_page.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    event = EventPage(title=title, kind="formation")
    event.sessions = [
        EventSession(
            date=start.date(),
            start_time=start.time(),
            end_time=(start + timedelta(hours=3)).time(),
            capacity=capacity,
        )
    ]
    agenda.add_child(instance=event)
    return event.sessions.get()


def in_days(days, hour=9):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=BRUSSELS)


def person(n, **extra):
    return {"name": f"Personne {n}", "email": f"personne{n}@example.org", **extra}


@pytest.fixture
def session(db, home_page):
    return make_event(home_page, in_days(30), capacity=2)


def statuses(session):
    return list(session.registrations.order_by("created_at", "pk").values_list("status", flat=True))


@pytest.mark.django_db
def test_places_then_the_waiting_list_with_positions(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        people = [register(session, consent=True, **person(n)) for n in range(4)]
    assert statuses(session) == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    assert [waiting_position(p) for p in people] == [None, None, 1, 2]
    assert people[0].consent_at is not None
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "Inscription confirmée : Formation à l'interculturalité",
        "Inscription confirmée : Formation à l'interculturalité",
        "Liste d'attente : Formation à l'interculturalité",
        "Liste d'attente : Formation à l'interculturalité",
    ]
    assert "en position 2" in mail.outbox[3].body


@pytest.mark.django_db
def test_a_cancellation_confirms_the_first_person_waiting(
    session, django_capture_on_commit_callbacks
):
    first, second, third, fourth = (register(session, **person(n)) for n in range(4))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(second)
    assert statuses(session) == [CONFIRMED, RegistrationStatus.CANCELLED, CONFIRMED, WAITING]
    assert waiting_position(Registration.objects.get(pk=fourth.pk)) == 1
    assert [m.to for m in mail.outbox] == [["personne1@example.org"], ["personne2@example.org"]]
    assert mail.outbox[1].subject.startswith("Une place s'est libérée")
    # Cancelling again changes nothing and promotes no one more.
    cancel(second)
    assert statuses(session) == [CONFIRMED, RegistrationStatus.CANCELLED, CONFIRMED, WAITING]


@pytest.mark.django_db
def test_within_48_hours_the_place_is_offered_then_lapses_to_the_next(
    db, home_page, settings, django_capture_on_commit_callbacks
):
    settings.AGENDA_OFFER_HOLD_HOURS = 12
    session = make_event(home_page, timezone.now() + timedelta(hours=30), capacity=1)
    holder, first, second = (register(session, **person(n)) for n in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(holder)
    first.refresh_from_db()
    assert first.status == OFFERED
    assert timedelta(hours=11) < first.offer_expires - timezone.now() <= timedelta(hours=12)
    assert mail.outbox[-1].subject.startswith("Une place vous est proposée")
    assert "Confirmez-la avant le" in mail.outbox[-1].body

    # Unconfirmed in time: the offer lapses at the next change, and the next person gets it.
    Registration.objects.filter(pk=first.pk).update(offer_expires=timezone.now())
    assert accept_offer(first) is False
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (LAPSED, OFFERED)
    assert accept_offer(second) is True
    second.refresh_from_db()
    assert second.status == CONFIRMED


@pytest.mark.django_db
def test_an_offer_is_held_no_later_than_the_session(db, home_page, settings):
    settings.AGENDA_OFFER_HOLD_HOURS = 12
    start = timezone.now() + timedelta(hours=3)
    session = make_event(home_page, start, capacity=1)
    holder, waiting = register(session, **person(0)), register(session, **person(1))
    cancel(holder)
    waiting.refresh_from_db()
    assert waiting.status == OFFERED
    assert waiting.offer_expires <= session.starts_at


@pytest.mark.django_db
def test_no_registration_for_a_cancelled_past_or_unlimited_session(session, home_page):
    session.cancelled = True
    session.save()
    with pytest.raises(RegistrationClosed):
        register(session, **person(1))
    past = make_event(home_page, in_days(-2), title="Passée")
    with pytest.raises(RegistrationClosed):
        register(past, **person(2))
    unlimited = make_event(home_page, in_days(5), capacity=None, title="Sans inscription")
    with pytest.raises(RegistrationClosed):
        register(unlimited, **person(3))
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_staff_register_someone_without_an_email(session, django_user_model):
    staff = django_user_model.objects.create_user("accueil", "accueil@example.org", "x")
    registration = register(session, name="Amina (par téléphone)", registered_by=staff)
    assert registration.status == CONFIRMED and registration.email == ""
    assert registration.registered_by == staff
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_link_token_is_random_hashed_and_expires(session):
    registration = register(session, **person(1))
    token = link_token(registration)
    assert len(token) * 4 >= 128  # hex digits: 256 bits
    assert token not in (registration.token_hash, registration.token_salt)
    assert find_by_token(token) == registration
    assert find_by_token(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    other = register(session, **person(2))
    assert link_token(other) != token
    Registration.objects.filter(pk=registration.pk).update(token_expires=timezone.now())
    assert find_by_token(token) is None


@pytest.mark.django_db
def test_a_moved_session_raises_its_sequence_and_keeps_its_former_start(session):
    former = session.starts_at
    session.start_time = time(14)
    session.save()
    session.refresh_from_db()
    assert (session.sequence, session.previous_start) == (1, former)
    session.capacity = 20  # places are not the calendar's business
    session.save()
    assert EventSession.objects.get(pk=session.pk).sequence == 1
    session.cancelled = True
    session.save()
    assert EventSession.objects.get(pk=session.pk).sequence == 2


def test_times_are_brussels_wall_clock_across_daylight_saving_changes():
    # 28 March 2027: clocks go forward at 2:00; 31 October 2027: back at 3:00.
    spring = EventSession(date=date(2027, 3, 28), start_time=time(10), end_time=time(12))
    autumn = EventSession(date=date(2027, 10, 31), start_time=time(10), end_time=time(12))
    assert spring.starts_at.utcoffset() == timedelta(hours=2)
    assert autumn.starts_at.utcoffset() == timedelta(hours=1)
    assert spring.starts_at.astimezone(UTC).hour == 8
    assert autumn.starts_at.astimezone(UTC).hour == 9


THREADS = 50


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database server: the in-memory SQLite test database is not shared "
    "between threads (runs in CI's PostgreSQL lanes)",
)
def test_fifty_simultaneous_registrations_for_ten_places(live_content, home_page, settings):
    home_page = type(home_page).objects.get()
    session = make_event(home_page, in_days(20), capacity=10)
    errors = []

    def run(target, barrier):
        try:
            barrier.wait(timeout=30)
            target()
        except Exception as error:  # reported below, with the thread's error
            errors.append(error)
        finally:
            connection.close()

    def start_all(targets):
        barrier = threading.Barrier(len(targets))
        threads = [threading.Thread(target=run, args=(target, barrier)) for target in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    start_all([lambda n=n: register(session, **person(n)) for n in range(THREADS)])
    assert errors == []
    rows = list(session.registrations.order_by("created_at", "pk"))
    assert len(rows) == THREADS
    assert sum(r.status == CONFIRMED for r in rows) == 10
    waiting = [r for r in rows if r.status == WAITING]
    assert sorted(waiting_position(r) for r in waiting) == list(range(1, 41))

    confirmed = [r for r in rows if r.status == CONFIRMED]
    start_all([lambda r=r: cancel(r) for r in confirmed])
    assert errors == []
    after = {r.pk: r.status for r in session.registrations.all()}
    assert sum(s == RegistrationStatus.CANCELLED for s in after.values()) == 10
    promoted = [r for r in waiting if after[r.pk] == CONFIRMED]
    # Exactly ten promotions, the first ten of the waiting list.
    assert promoted == waiting[:10]
    assert sum(s == WAITING for s in after.values()) == 30
