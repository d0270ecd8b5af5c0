"""The resource library: filters, search and pagination in GET URLs, never an error."""

import datetime

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from core.typography import french_typography
from resources.models import ResourceIndexPage, ResourcePage
from taxonomies.models import Audience
from testing.factories import ResourcePageFactory
from testing.queries import assert_queries
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

LIBRARY = "/ressources/outils-et-publications/"
LIBRARY_QUERIES = 30  # with cover images: their renditions come in one prefetch
RESOURCE_QUERIES = 30


@pytest.fixture
def library():
    """The library emptied of its initial resources (rolled back after each test)."""
    page = page_at(LIBRARY)
    for resource in ResourcePage.objects.child_of(page):
        resource.delete()
    return page_at(LIBRARY)


@pytest.fixture
def resources(library):
    logement = ThematicPage.objects.get(slug="logement")
    sante = ThematicPage.objects.get(slug="sante")
    cpas = Audience.objects.get(slug="cpas")
    return {
        "memo": ResourcePageFactory(
            parent=library,
            title="Mémorandum élections communales 2018",
            kind="memorandum",
            date=datetime.date(2018, 9, 1),
            thematics=[logement],
            audiences=[cpas],
        ),
        "repertoire": ResourcePageFactory(
            parent=library,
            title="Répertoire petite enfance",
            kind="repertoire",
            date=datetime.date(2019, 3, 1),
            thematics=[sante],
        ),
        "fiche": ResourcePageFactory(
            parent=library, title="Fiches Mobilité", kind="fiche", date=datetime.date(2019, 6, 1)
        ),
    }


def titles(response):
    return [page.title for page in response.context["library_results"]]


def test_library_lists_resources_newest_first(client, resources):
    assert titles(client.get(LIBRARY)) == [
        "Fiches Mobilité",
        "Répertoire petite enfance",
        "Mémorandum élections communales 2018",
    ]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"type": "memorandum"}, ["Mémorandum élections communales 2018"]),
        ({"thematique": "sante"}, ["Répertoire petite enfance"]),
        ({"annee": "2019"}, ["Fiches Mobilité", "Répertoire petite enfance"]),
        ({"public": "cpas"}, ["Mémorandum élections communales 2018"]),
        ({"q": "petite enfance"}, ["Répertoire petite enfance"]),
        ({"type": "fiche", "annee": "2018"}, []),
    ],
)
def test_filters(client, resources, params, expected):
    response = client.get(LIBRARY, params)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"type": "inconnu"},
        {"annee": "deux-mille"},
        {"thematique": "<script>"},
        {"public": "x" * 3000},
        {"q": '"\x00 AND (NOT'},
        {"page": "abc"},
        {"page": "-4"},
        {"page": "99999"},
    ],
)
def test_bad_values_never_error(client, resources, params):
    response = client.get(LIBRARY, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_unknown_filter_is_reported_and_others_kept(client, resources):
    response = client.get(LIBRARY, {"type": "inconnu", "annee": "2019"})
    assert titles(response) == ["Fiches Mobilité", "Répertoire petite enfance"]
    assert french_typography("Filtre non reconnu, ignoré : Type") in response.content.decode()


def test_pagination_keeps_the_filters(client, library):
    for n in range(15):
        ResourcePageFactory(parent=library, title=f"Fiche {n:02}", kind="fiche")
    first = client.get(LIBRARY, {"type": "fiche"})
    html = first.content.decode()
    assert len(first.context["library_results"]) == 12
    assert 'href="?type=fiche&amp;page=2"' in html
    second = client.get(LIBRARY, {"type": "fiche", "page": "2"})
    assert len(second.context["library_results"]) == 3


def add_covered_resources(library, count):
    sante = ThematicPage.objects.get(slug="sante")
    for n in range(count):
        cover = Image.objects.create(title=f"Couverture {n}", file=get_test_image_file())
        ResourcePageFactory(parent=library, cover_image=cover, thematics=[sante])


def test_query_counts_do_not_grow_with_the_library(client, library, resources):
    add_covered_resources(library, 2)
    client.get(LIBRARY)  # renditions are generated once
    assert_queries(client, LIBRARY, LIBRARY_QUERIES)
    assert_queries(client, resources["memo"].url, RESOURCE_QUERIES)
    add_covered_resources(library, 30)
    client.get(LIBRARY)
    client.get(LIBRARY + "?page=2")
    assert_queries(client, LIBRARY, LIBRARY_QUERIES)
    assert_queries(client, LIBRARY + "?page=2", LIBRARY_QUERIES)
    assert_queries(client, resources["memo"].url, RESOURCE_QUERIES)


def test_resource_page_without_file_says_how_to_get_it(client, resources):
    html = client.get(resources["fiche"].url).content.decode()
    assert "pas encore disponible en ligne" in html


def test_placement():
    assert ResourcePage.allowed_parent_page_models() == [ResourceIndexPage]
    assert ResourceIndexPage.allowed_subpage_models() == [ResourcePage]
    assert not ResourcePage.can_create_at(page_at("/ressources/"))


def test_thematic_page_lists_its_resources(client, resources):
    html = client.get("/thematiques/logement/").content.decode()
    section = html.split('id="thematique-ressources"')[1]
    assert "Mémorandum élections communales 2018" in section
    assert "Répertoire petite enfance" not in section
    assert 'href="/ressources/outils-et-publications/?thematique=logement"' in section


def test_thematic_resources_query_count_is_flat(client, library, resources):
    from testing.queries import cold_get

    _, before = cold_get(client, "/thematiques/logement/")
    logement = ThematicPage.objects.get(slug="logement")
    for _ in range(12):
        ResourcePageFactory(parent=library, thematics=[logement])
    response, after = cold_get(client, "/thematiques/logement/")
    assert after == before
    section = (
        response.content.decode().split('id="thematique-ressources"')[1].split("</section>")[0]
    )
    assert section.count('<li class="card') == 6
