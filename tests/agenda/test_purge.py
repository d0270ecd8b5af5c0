"""The agenda's retention (manage.py purge_agenda_registrations): the registrations of the
sessions held more than AGENDA_RETENTION_MONTHS months ago go, with their reminders; the
recent and upcoming ones stay; the privacy page states the period."""

import io
from datetime import time, timedelta
from html import unescape

import pytest
from django.core.management import call_command
from django.utils import timezone

from agenda.models import (
    AgendaPage,
    EventPage,
    EventSession,
    Registration,
    RegistrationStatus,
    Reminder,
    ReminderKind,
)

pytestmark = pytest.mark.django_db


def session_days_ago(home_page, days, title):
    """A published event whose one session was `days` days ago (negative: to come)."""
    agenda = AgendaPage.objects.first()
    if agenda is None:
        agenda = home_page.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    event = EventPage(title=title, kind="formation")
    event.sessions = [
        EventSession(
            date=timezone.localdate() - timedelta(days=days), start_time=time(9), capacity=10
        )
    ]
    agenda.add_child(instance=event)
    return event.sessions.get()


def registration(session, n):
    """A confirmed registration, written directly: the writer refuses past sessions."""
    return Registration.objects.create(
        session=session,
        status=RegistrationStatus.CONFIRMED,
        name=f"Personne {n}",
        email=f"personne{n}@example.org",
        token_salt=f"sel-{n}",
        token_hash=f"empreinte-{n}",
        token_expires=timezone.now(),
    )


def purge(*args):
    out = io.StringIO()
    call_command("purge_agenda_registrations", *args, stdout=out)
    return out.getvalue()


def test_old_sessions_registrations_go_with_their_reminders(home_page, settings):
    settings.AGENDA_RETENTION_MONTHS = 12
    old = session_days_ago(home_page, 370, "Formation de l'an passé")
    recent = session_days_ago(home_page, 350, "Formation récente")
    upcoming = session_days_ago(home_page, -5, "Formation à venir")
    gone = [registration(old, 1), registration(old, 2)]
    Reminder.objects.create(registration=gone[0], kind=ReminderKind.MORNING, fingerprint="x")
    kept = [registration(recent, 3), registration(upcoming, 4)]
    Reminder.objects.create(registration=kept[0], kind=ReminderKind.MORNING, fingerprint="y")

    assert "2 inscription(s) à des sessions de plus de 12 mois supprimée(s)." in purge()
    assert list(Registration.objects.order_by("pk")) == kept
    assert list(Reminder.objects.values_list("registration", flat=True)) == [kept[0].pk]
    # The sessions and their events stay: only the personal data goes.
    assert EventSession.objects.filter(pk=old.pk).exists()


def test_the_period_follows_the_setting_and_a_dry_run_deletes_nothing(home_page, settings):
    settings.AGENDA_RETENTION_MONTHS = 3
    session = session_days_ago(home_page, 100, "Formation d'il y a trois mois")
    registration(session, 1)
    assert "1 inscription(s) à des sessions de plus de 3 mois seraient supprimée(s)." in purge(
        "--dry-run"
    )
    assert Registration.objects.count() == 1
    purge()
    assert Registration.objects.count() == 0


def test_the_privacy_page_states_the_agenda_period(client, settings):
    settings.AGENDA_RETENTION_MONTHS = 9
    html = unescape(client.get("/protection-des-donnees/").content.decode())
    assert "Inscriptions aux événements de l" in html
    assert "<td>9 mois</td>" in html
