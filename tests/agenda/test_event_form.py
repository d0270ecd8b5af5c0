"""The event's editor (agenda/models.py, EventPageForm): a session repeated weekly or monthly
until a date, and a session with registrations that cannot be deleted."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from agenda.models import EventPage, SessionRepeat, repeated_dates
from agenda.registrations import register
from tests.agenda.test_registrations import in_days, make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(client, django_user_model):
    user = django_user_model.objects.create_user("pub", "pub@example.org", "x")
    user.groups.add(Group.objects.get(name="Publication"))
    client.force_login(user)
    return user


@pytest.fixture
def session(home_page):
    return make_event(home_page, in_days(10), capacity=10)


def publish_with(client, event, delete=None, **changes):
    """Open the event's editor like an editor, change `changes`, tick « Supprimer » on the
    session `delete` (a date), publish."""
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    if delete is not None:
        row = next(
            name.removesuffix("-date")
            for name, value in data.items()
            if name.startswith("sessions-")
            and name.endswith("-date")
            and value == delete.isoformat()
        )
        changes[f"{row}-DELETE"] = "1"
    for name, value in {**changes, "action-publish": "publish"}.items():
        data.setlist(name, [value])
    return client.post(url, data)


def live_dates(event):
    event = EventPage.objects.get(pk=event.pk)
    return sorted(session.date for session in event.sessions.all())


def test_monthly_dates_keep_the_day_or_take_the_month_s_last():
    dates = repeated_dates(
        datetime.date(2027, 1, 31), SessionRepeat.MONTHLY, datetime.date(2027, 4, 30)
    )
    assert dates == [
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 30),
    ]


def test_a_session_repeated_weekly_until_a_date(client, publisher, session):
    first = session.date
    until = first + datetime.timedelta(weeks=3, days=2)
    response = publish_with(client, session.event, repeat="weekly", repeat_until=until.isoformat())
    assert response.status_code == 302
    assert live_dates(session.event) == [first + datetime.timedelta(weeks=n) for n in range(4)]
    event = EventPage.objects.get(pk=session.event.pk)
    rows = list(event.sessions.all())
    assert {(row.start_time, row.end_time, row.capacity) for row in rows} == {
        (session.start_time, session.end_time, 10)
    }
    assert len({row.uid for row in rows}) == 4


def test_a_repetition_without_end_or_too_long_is_refused_in_french(client, publisher, session):
    response = publish_with(client, session.event, repeat="weekly", repeat_until="")
    assert response.status_code == 200
    assert "Indiquez jusqu&#x27;à quelle date répéter la session." in response.content.decode()
    far = session.date + datetime.timedelta(weeks=60)
    response = publish_with(client, session.event, repeat="weekly", repeat_until=far.isoformat())
    assert "au plus en une fois" in response.content.decode()
    assert live_dates(session.event) == [session.date]


def test_a_session_with_registrations_is_not_deleted(client, publisher, session):
    week_later = session.date + datetime.timedelta(weeks=1)
    publish_with(client, session.event, repeat="weekly", repeat_until=week_later.isoformat())
    register(session, consent=True, **person(1))
    response = publish_with(client, session.event, delete=session.date)
    assert response.status_code == 200
    html = response.content.decode()
    date = session.date.strftime("%d/%m/%Y")
    assert f"La session du {date} a des inscriptions : elle ne peut pas être supprimée" in html
    assert live_dates(session.event) == [session.date, week_later]
    assert session.registrations.count() == 1


def test_a_session_without_registrations_is_deleted(client, publisher, home_page, session):
    extra_date = session.date + datetime.timedelta(days=1)
    publish_with(client, session.event, repeat="weekly", repeat_until=extra_date.isoformat())
    assert live_dates(session.event) == [session.date]  # no week fits: nothing added
    other = make_event(home_page, in_days(20), capacity=5, title="Autre")
    response = publish_with(
        client,
        other.event,
        repeat="weekly",
        repeat_until=(other.date + datetime.timedelta(weeks=1)).isoformat(),
    )
    assert response.status_code == 302
    assert len(live_dates(other.event)) == 2
    response = publish_with(client, other.event, delete=other.date + datetime.timedelta(weeks=1))
    assert response.status_code == 302
    assert live_dates(other.event) == [other.date]


def test_an_event_with_registrations_is_not_deleted(client, publisher, session):
    register(session, consent=True, **person(1))
    url = reverse("wagtailadmin_pages:delete", args=[session.event.pk])
    response = client.post(url, follow=True)
    assert "Suppression refusée" in response.content.decode()
    assert EventPage.objects.filter(pk=session.event.pk).exists()
    assert session.registrations.count() == 1
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = client.post(f"{url}?id={session.event.pk}", follow=True)
    assert "Suppression refusée" in response.content.decode()
    assert EventPage.objects.filter(pk=session.event.pk).exists()
