"""Editors add and complete directory entries: French errors, a point both-or-neither, the
« Répertoire » menu and the « Répertoire à compléter » panel and report."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from directory.models import DirectoryEntryPage, OpeningHours, ServiceKind
from testing.factories import DirectoryEntryPageFactory
from tests.conftest import page_at
from tests.dashboard import DASHBOARD, link_to, listed_ids, panel, sidebar_items

pytestmark = pytest.mark.django_db

DIRECTORY = "/ressources/repertoires-et-cartographies/"
REPORT = "/admin/repertoire-a-completer/"


@pytest.fixture
def publisher(client, django_user_model):
    user = django_user_model.objects.create_user("pub", "pub@example.org", "x")
    user.groups.add(Group.objects.get(name="Publication"))
    client.force_login(user)
    return user


def add_entry(client, **changes):
    directory = page_at(DIRECTORY)
    url = reverse("wagtailadmin_pages:add", args=["directory", "directoryentrypage", directory.pk])
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    values = {
        "title": "Maison médicale du Quartier",
        "slug": "maison-medicale-du-quartier",
        "kind": str(ServiceKind.objects.get(slug="sante").pk),
        "commune": "Namur",
        "postcode": "5000",
        "action-publish": "publish",
        **changes,
    }
    for name, value in values.items():
        data.setlist(name, [value])
    return client.post(url, data)


def test_an_editor_publishes_an_entry_with_its_point(client, publisher):
    response = add_entry(client, latitude="50.4669", longitude="4.8675")
    assert response.status_code == 302
    entry = DirectoryEntryPage.objects.get(slug="maison-medicale-du-quartier")
    assert entry.live and entry.has_point and entry.ref == "maison-medicale-du-quartier"


def test_an_entry_without_a_point_saves(client, publisher):
    """No point (no geocoding service) never blocks saving: the entry is in the list only."""
    assert add_entry(client).status_code == 302
    assert not DirectoryEntryPage.objects.get(slug="maison-medicale-du-quartier").has_point


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "50.4669"}, "Donnez la latitude et la longitude, ou aucune des deux."),
        ({"latitude": "91", "longitude": "4"}, "inférieure ou égale à 90"),
        ({"postcode": "50A0"}, "Un code postal belge : quatre chiffres"),
    ],
)
def test_bad_values_get_a_french_error_and_nothing_is_stored(client, publisher, changes, message):
    response = add_entry(client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DirectoryEntryPage.objects.filter(slug="maison-medicale-du-quartier").exists()


def test_the_directory_menu_lists_the_entries(client, publisher):
    html = client.get(DASHBOARD).content.decode()
    assert "repertoire" in sidebar_items(html)
    office = DirectoryEntryPage.objects.get(ref="cai-saint-servais")
    assert escape(office.title) in client.get(reverse("repertoire:index")).content.decode()


def test_the_panel_counts_entries_without_point_or_hours(client, publisher):
    directory = page_at(DIRECTORY)
    complete = DirectoryEntryPageFactory(
        parent=directory, title="Service complet", latitude="50.1", longitude="4.9"
    )
    OpeningHours.objects.create(
        entry=complete, weekday=2, opens=datetime.time(9), closes=datetime.time(17)
    )
    without_hours = DirectoryEntryPageFactory(
        parent=directory, title="Service sans horaires", latitude="50.2", longitude="4.8"
    )
    html = panel(client.get(DASHBOARD).content.decode(), "repertoire-a-completer")
    incomplete = [e for e in DirectoryEntryPage.objects.all() if e.pk != complete.pk]
    no_point = sum(1 for e in incomplete if not e.has_point)
    label = (
        f"{no_point} fiches sans position sur la carte, {len(incomplete)} fiches sans heures "
        "d'ouverture"
    )
    assert link_to(html, label) == REPORT
    listed = set(listed_ids(client, REPORT))
    assert without_hours.pk in listed and complete.pk not in listed
    assert listed == {e.pk for e in incomplete}
