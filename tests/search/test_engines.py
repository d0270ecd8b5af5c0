"""What searchers look for, found on every engine: accents, plurals, PDFs, partners."""

import pytest

from directory.models import DirectoryPage, ServiceKind
from resources.models import ResourceKind
from testing.factories import DirectoryEntryPageFactory

pytestmark = pytest.mark.django_db

BOOKLET = (
    "Co-construire un plan provincial et local d'intégration pour une société de droits pour tous"
)


def result_titles(client, **params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return [result.page.title for result in response.context["described_results"] or []]


def test_unaccented_memorandum_finds_the_memorandum(client, search_engine):
    assert "Mémorandum élections communales 2018" in result_titles(client, q="memorandum")


def test_singular_finds_plural(client, search_engine):
    # The memorandum's title says "élections"; the searcher types the singular, no accent.
    assert "Mémorandum élections communales 2018" in result_titles(client, q="election")


def test_petite_enfance_finds_the_directory(client, search_engine):
    assert result_titles(client, q="petite enfance")[0] == "Répertoire « petite enfance »"


def test_a_phrase_only_inside_the_booklet_pdf_finds_its_resource(client, search_engine):
    titles = result_titles(client, q="relever vos manches pour ensemble contribuer")
    assert BOOKLET in titles


def test_mrax_finds_its_ppli_action(client, search_engine):
    response = client.get("/recherche/", {"q": "MRAX"})
    urls = [result.page.url for result in response.context["described_results"]]
    assert "/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/action-27/" in urls


def test_kind_filter_keeps_only_that_kind(client, search_engine):
    response = client.get("/recherche/", {"q": "petite enfance", "type": ResourceKind.DIRECTORY})
    results = response.context["described_results"]
    assert results and all(result.kind == "Répertoire" for result in results)
    response = client.get("/recherche/", {"q": "petite enfance", "type": ResourceKind.MEMORANDUM})
    assert response.context["results"].paginator.count == 0


def test_ppli_filter_keeps_only_the_plan(client, search_engine):
    response = client.get("/recherche/", {"q": "racisme", "type": "ppli"})
    urls = [result.page.url for result in response.context["described_results"]]
    assert urls and all(url.startswith("/ppli/") for url in urls)


def test_thematic_filter_keeps_pages_of_that_thematic(client, search_engine):
    everything = client.get("/recherche/", {"q": "racisme"}).context["results"].paginator.count
    response = client.get("/recherche/", {"q": "racisme", "thematique": "lutte-contre-le-racisme"})
    results = response.context["described_results"]
    assert 0 < response.context["results"].paginator.count < everything
    for result in results:
        slugs = [thematic.slug for thematic in result.thematics] + [result.page.slug]
        assert "lutte-contre-le-racisme" in slugs


def test_fle_namur_finds_a_fle_course_in_namur_among_the_services(client, search_engine):
    """The directory's entries are indexed with their kind and commune (issue 18): neither
    word is in the course's title."""
    directory = DirectoryPage.objects.get()
    fle = ServiceKind.objects.get(slug="cours-de-fle")
    for n, commune in enumerate(("Saint-Servais", "Namur", "Dinant")):
        DirectoryEntryPageFactory(
            parent=directory, title=f"Alpha, antenne {n}", kind=fle, commune=commune
        )
    assert result_titles(client, q="FLE Namur", type="service")[0] == "Alpha, antenne 1"
    assert "Alpha, antenne 1" in result_titles(client, q="FLE Namur")[:5]
