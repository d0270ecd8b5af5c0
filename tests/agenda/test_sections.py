"""The agenda's upcoming events on other apps' pages (PAGE_SECTIONS_HOOK): a concertation
space's next meetings, the next trainings on « Formations » and awareness sessions on
« Sensibilisation » (chosen in the agenda's settings); nothing shown when nothing is planned."""

import pytest

from agenda.models import AgendaSettings, EventKind
from home.models import ContentPage
from ppli.models import ConcertationSpacePage, WorkingGroupIndexPage
from testing.factories import EventPageFactory
from tests.agenda.test_pages import agenda, html_of, in_days, main_of  # noqa: F401
from tests.conftest import page_at

pytestmark = pytest.mark.django_db


def published(page):
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


def test_the_initial_settings_name_the_formations_and_sensibilisation_pages(site):
    settings = AgendaSettings.for_site(site)
    assert settings.training_page.slug == "formations"
    assert settings.awareness_page.slug == "sensibilisation"


def test_formations_shows_the_next_trainings_only(client, agenda):  # noqa: F811
    formations = published(page_at("/actions-services/formations/"))
    sensibilisation = published(page_at("/actions-services/sensibilisation/"))
    assert "Prochaines dates" not in main_of(html_of(client, formations.url))
    EventPageFactory(
        parent=agenda,
        title="Formation au droit des étrangers",
        kind=EventKind.TRAINING,
        sessions=[{"date": in_days(9)}],
    )
    EventPageFactory(
        parent=agenda,
        title="Atelier de sensibilisation",
        kind=EventKind.AWARENESS,
        sessions=[{"date": in_days(5)}],
    )
    html = main_of(html_of(client, formations.url))
    assert "Prochaines dates" in html and "Formation au droit des étrangers" in html
    assert "Atelier de sensibilisation" not in html
    assert f'href="{agenda.url}?type=formation"' in html
    html = main_of(html_of(client, sensibilisation.url))
    assert "Atelier de sensibilisation" in html and "Formation au droit" not in html


def test_a_concertation_space_shows_its_next_meetings(client, agenda):  # noqa: F811
    space = ConcertationSpacePage(title="Coordination locale de test", slug="coordination-test")
    WorkingGroupIndexPage.objects.first().add_child(instance=space)
    assert "Prochaines réunions" not in main_of(html_of(client, space.url))
    EventPageFactory(
        parent=agenda,
        title="Réunion de la coordination",
        kind=EventKind.CONCERTATION,
        concertation_space=space,
        sessions=[{"date": in_days(3)}],
    )
    EventPageFactory(
        parent=agenda,
        title="Autre réunion",
        kind=EventKind.CONCERTATION,
        sessions=[{"date": in_days(3)}],
    )
    html = main_of(html_of(client, space.url))
    assert "Prochaines réunions" in html and "Réunion de la coordination" in html
    assert "Autre réunion" not in html
