"""The directory's pages: list and filters in GET URLs, entry page, partner and kind lists."""

import datetime
import json
import re

import pytest

from directory.models import (
    DirectoryEntryPage,
    Language,
    OpeningHours,
    ServiceKind,
    ServiceListPage,
)
from ppli.models import Organisation
from taxonomies.models import Audience
from testing.factories import DirectoryEntryPageFactory
from testing.queries import assert_queries, cold_get
from testing.synthetic import add_directory_entries
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

DIRECTORY = "/ressources/repertoires-et-cartographies/"
LIST_QUERIES = 30  # with the map: whether a listed entry has a position
ENTRY_QUERIES = 29


@pytest.fixture
def directory():
    """The directory emptied of its initial entries (rolled back after each test)."""
    page = page_at(DIRECTORY)
    for entry in DirectoryEntryPage.objects.child_of(page):
        entry.delete()
    return page_at(DIRECTORY)


@pytest.fixture
def entries(directory):
    # Kinds and languages of the initial content (directory/data/directory.yaml).
    fle = ServiceKind.objects.get(slug="cours-de-fle")
    legal = ServiceKind.objects.get(slug="aide-juridique")
    arabic = Language.objects.get(slug="arabe")
    sante = ThematicPage.objects.get(slug="sante")
    course = DirectoryEntryPageFactory(
        parent=directory,
        title="Lire et écrire Namur",
        kind=fle,
        description="Des cours de français pour adultes, débutants ou non.",
        street="rue du Lombard 8",
        postcode="5000",
        commune="Namur",
        latitude="50.463500",
        longitude="4.866000",
        phone="+32 (0)81 00 11 22",
        email="namur@example.org",
    )
    course.languages.set([arabic])
    course.thematics.set([sante])
    course.save()
    OpeningHours.objects.create(
        entry=course, weekday=1, opens=datetime.time(9), closes=datetime.time(12)
    )
    lawyer = DirectoryEntryPageFactory(
        parent=directory, title="Permanence juridique", kind=legal, commune="Dinant"
    )
    return {"course": course, "lawyer": lawyer, "fle": fle, "arabic": arabic}


def titles(response):
    return [entry.title for entry in response.context["directory_results"]]


def test_the_list_shows_every_published_entry_with_its_filters(client, entries):
    response = client.get(DIRECTORY)
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Permanence juridique", "Lire et écrire Namur"]  # by commune
    assert html.count("<h1") == 1
    assert 'name="commune"' in html and ">Dinant</option>" in html
    assert "export.geojson" in html and "export.csv" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?commune=Namur", ["Lire et écrire Namur"]),
        ("?type=aide-juridique", ["Permanence juridique"]),
        ("?langue=arabe", ["Lire et écrire Namur"]),
        ("?thematique=sante", ["Lire et écrire Namur"]),
        ("?q=fran%C3%A7ais", ["Lire et écrire Namur"]),
    ],
)
def test_filters_narrow_the_list(client, entries, query, expected):
    assert titles(client.get(DIRECTORY + query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?commune=Atlantis",
        "?type=%3Cscript%3E",
        "?langue=klingon&public=nobody",
        "?thematique=' OR 1=1",
        "?page=abc",
        "?page=999999",
        "?q=" + "x" * 5000,
        "?commune=%00",
    ],
)
def test_bad_filter_values_never_error(client, entries, query):
    response = client.get(DIRECTORY + query)
    assert response.status_code == 200
    assert len(titles(response)) >= 1  # the value is dropped: the whole list is shown
    if "page=" not in query:
        assert "Filtre non reconnu, ignoré" in response.content.decode()


def test_the_entry_page_gives_its_contact_route_hours_and_json_ld(client, entries):
    html = client.get(entries["course"].url).content.decode()
    assert 'href="tel:+3281001122"' in html
    assert "https://www.openstreetmap.org/directions?route=%3B50.463500%2C4.866000" in html
    assert "Lundi" in html and "09:00 – 12:00" in html
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block)
    assert data["@type"] == "Organization"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "rue du Lombard 8",
        "postalCode": "5000",
        "addressLocality": "Namur",
        "addressCountry": "BE",
    }
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "09:00",
            "closes": "12:00",
        }
    ]


def test_unknown_facts_are_silent_and_route_goes_to_the_address(client, entries):
    html = client.get(entries["lawyer"].url).content.decode()
    # No hours, no language, no street: nothing is written of them.
    assert 'id="horaires"' not in html and "Langues parlées" not in html
    assert "non renseign" not in html
    assert "directions?to=" in html and "Dinant" in html
    assert "Appeler" not in html  # no phone: no call link


def test_the_map_is_shown_only_when_an_entry_has_a_position(client, entries):
    assert "data-directory-map" in client.get(DIRECTORY).content.decode()
    # Only the entry without a position matches: no map, no "0 service sur la carte".
    html = client.get(DIRECTORY, {"commune": "Dinant"}).content.decode()
    assert "data-directory-map" not in html and "Permanence juridique" in html
    entries["course"].unpublish()
    assert "data-directory-map" not in client.get(DIRECTORY).content.decode()


def test_an_entry_of_the_centre_shows_the_centre_s_contact(client, entries):
    lawyer = entries["lawyer"]
    lawyer.uses_centre_contact = True
    lawyer.save()
    html = client.get(lawyer.url).content.decode()
    assert "info@cainamur.be" in html
    assert 'href="tel:+3281737176"' in html


def test_the_partner_page_lists_its_entries_and_the_entry_links_back(client, entries):
    partner = Organisation.objects.create(name="Lire et Écrire")
    course = entries["course"]
    course.organisation = partner
    course.save()
    partner_url = f"/ppli/partenaires/{partner.slug}/"
    assert course.title in client.get(partner_url).content.decode()
    assert f'href="{partner_url}"' in client.get(course.url).content.decode()


def test_a_draft_entry_is_never_listed(client, entries):
    entries["lawyer"].unpublish()
    assert titles(client.get(DIRECTORY)) == ["Lire et écrire Namur"]


def test_the_service_list_page_lists_its_kind(client, entries):
    contact = page_at("/contact/")
    listing = ServiceListPage(title="Cours de français", slug="cours-fle", kind=entries["fle"])
    contact.add_child(instance=listing)
    html = client.get(listing.url).content.decode()
    assert "Lire et écrire Namur" in html and "Permanence juridique" not in html


def test_search_finds_a_fle_course_in_namur_by_its_kind_and_commune(client, entries):
    response = client.get("/recherche/", {"q": "FLE Namur"})
    found = [result.page.title for result in response.context["described_results"]]
    assert "Lire et écrire Namur" in found[:5]
    services = client.get("/recherche/", {"q": "FLE Namur", "type": "service"})
    assert [r.page.title for r in services.context["described_results"]] == ["Lire et écrire Namur"]


def test_list_query_count_is_pinned(client, entries):
    assert_queries(client, DIRECTORY, LIST_QUERIES)
    assert_queries(client, DIRECTORY + "?commune=Namur&langue=arabe", LIST_QUERIES)
    assert_queries(client, entries["course"].url, ENTRY_QUERIES)


@pytest.mark.slow
def test_list_query_count_is_the_same_with_10_and_1000_entries(client, directory):
    add_directory_entries(10)
    urls = [DIRECTORY, DIRECTORY + "?commune=Namur", DIRECTORY + "export.geojson"]
    with_ten = {url: cold_get(client, url)[1] for url in urls}
    add_directory_entries(990, start=10)
    assert DirectoryEntryPage.objects.live().count() == 1000
    for url in urls:
        assert_queries(client, url, with_ten[url])
    assert_queries(client, DIRECTORY + "?page=3&commune=Namur", with_ten[DIRECTORY])


def test_audience_filter(client, entries):
    cpas = Audience.objects.get(slug="cpas")
    entries["lawyer"].audiences.set([cpas])
    entries["lawyer"].save()
    assert titles(client.get(DIRECTORY + "?public=cpas")) == ["Permanence juridique"]


def test_a_thematic_page_shows_the_services_tagged_with_it(client, entries):
    html = client.get("/thematiques/sante/").content.decode()
    section = html.split('id="thematique-services"')[1].split("</section>")[0]
    assert "Services du répertoire" in section
    assert f'href="{entries["course"].url}"' in section
    assert "Permanence juridique" not in section  # not tagged « Santé »
    assert f'href="{DIRECTORY}?thematique=sante">Voir ce service dans le répertoire</a>' in section
    # The directory filtered by the thematic lists the same service.
    assert titles(client.get(DIRECTORY, {"thematique": "sante"})) == ["Lire et écrire Namur"]
    assert 'id="thematique-services"' not in client.get("/thematiques/logement/").content.decode()


def test_a_thematic_page_shows_a_few_services_and_counts_them_all(client, directory):
    logement = ThematicPage.objects.get(slug="logement")
    for n in range(9):
        entry = DirectoryEntryPageFactory(parent=directory, title=f"Service logement {n}")
        entry.thematics.set([logement])
        entry.save()
    response, after = cold_get(client, "/thematiques/logement/")
    section = response.content.decode().split('id="thematique-services"')[1].split("</section>")[0]
    assert section.count('<li class="card') == 6
    assert "Voir les 9 services dans le répertoire" in section
    for n in range(9, 30):
        entry = DirectoryEntryPageFactory(parent=directory, title=f"Service logement {n}")
        entry.thematics.set([logement])
        entry.save()
    # One query for the first services and their count, however many there are.
    response, grown = cold_get(client, "/thematiques/logement/")
    assert grown == after
    assert "Voir les 30 services dans le répertoire" in response.content.decode()
