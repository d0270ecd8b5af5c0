"""The library's initial resources: the "made in PPLI" productions and the booklet as a PDF."""

import pytest
from wagtail.documents import get_document_model

from resources.models import ExtractionStatus, ResourcePage

pytestmark = pytest.mark.django_db

# A sentence that appears only inside the booklet, not on any page of the site.
BOOKLET_ONLY = "relever vos manches pour ensemble contribuer"


def test_made_in_ppli_productions_are_in_the_library():
    kinds = dict(ResourcePage.objects.values_list("slug", "kind"))
    assert kinds == {
        "livret-ppli-2017-2020": "publication",
        "presentation-complete-2021": "publication",
        "diagnostic-ppli-2016": "rapport",
        "memorandum-elections-communales-2018": "memorandum",
        "repertoire-petite-enfance": "repertoire",
        "fiches-mobilite": "fiche",
        "documentaire-migrants-en-transit": "documentaire",
        "documentaire-personnes-sans-papiers": "documentaire",
        # The publications the history sheet names (seed 004).
        "a-nous-la-parole": "publication",
        "pour-une-ville-respectueuse-des-droits-et-de-la-diversite": "publication",
        "actes-colloque-namur-2007": "publication",
        "actes-seminaire-dinant-2007": "publication",
        "memorandum-cai-regionales-2009": "memorandum",
    }


def test_the_history_publications_carry_the_seeds_years(client):
    years = dict(ResourcePage.objects.exclude(year=None).values_list("slug", "year"))
    assert years == {
        "a-nous-la-parole": 2006,
        "pour-une-ville-respectueuse-des-droits-et-de-la-diversite": 2007,
        "actes-colloque-namur-2007": 2007,
        "actes-seminaire-dinant-2007": 2007,
        "memorandum-cai-regionales-2009": 2009,
    }
    html = client.get("/ressources/outils-et-publications/", {"annee": "2007"}).content.decode()
    assert "3 ressources correspondent" in html
    assert (
        "Publication · 2006"
        in client.get(ResourcePage.objects.get(slug="a-nous-la-parole").url).content.decode()
    )


def test_a_resource_without_its_file_says_how_to_ask_for_it(client):
    page = ResourcePage.objects.get(slug="diagnostic-ppli-2016")
    assert page.document is None
    html = client.get(page.url).content.decode()
    assert "pas encore disponible en ligne" in html and 'href="mailto:info@cainamur.be"' in html
    assert "compléter" not in html  # nothing meant for staff reaches the visitor


def test_booklet_is_a_generated_pdf_whose_text_is_indexed(client):
    booklet = ResourcePage.objects.get(slug="livret-ppli-2017-2020")
    document = booklet.document
    assert document.file_extension == "pdf"
    with document.open_file() as file:
        assert file.read(5) == b"%PDF-"
    assert document.extraction_status == ExtractionStatus.DONE
    assert BOOKLET_ONLY in " ".join(document.extracted_text.split())
    assert document in list(get_document_model().objects.search(BOOKLET_ONLY))
    assert booklet in list(ResourcePage.objects.live().search(BOOKLET_ONLY))
    html = client.get(booklet.url).content.decode()
    assert f'href="{document.url}"' in html and "(PDF" in html
