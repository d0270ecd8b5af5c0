"""Everything a visitor can land on is found, on every engine: partners and audiences (their
own pages, in a block above the page results), working groups, thematic pages by what they
list; and the page a query names comes before long documents that merely mention it."""

import pytest

from core.typography import french_typography
from ppli.models import Organisation, PPLIIndexPage
from taxonomies.models import Audience

pytestmark = pytest.mark.django_db

SECTION_HEADING = "Partenaires et publics du PPLI"
HOUSING_GROUP = "GT 3° — Droit à un logement décent et à un environnement sain"


def search(client, **params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return response


def section_urls(response):
    return [result.url for section in response.context["sections"] for result in section.results]


def page_titles(response):
    return [result.page.title for result in response.context["described_results"]]


def partner_url(route, slug):
    """The public page of a partner or audience, as the PPLI landing reverses it."""
    landing = PPLIIndexPage.objects.get()
    return landing.url + landing.reverse_subpage(route, kwargs={"slug": slug})


@pytest.mark.parametrize("name", ["Unia", "CPAS"])
def test_a_partner_leads_to_its_own_page_first(client, search_engine, name):
    organisation = Organisation.objects.get(name=name)
    response = search(client, q=name)
    assert section_urls(response)[0] == partner_url("organisation", organisation.slug)
    html = response.content.decode()
    assert SECTION_HEADING in html
    assert f'href="/ppli/partenaires/{name.lower()}/"' in html
    # Above the page results.
    assert html.index(SECTION_HEADING) < html.index("search-results")


def test_cpas_also_finds_the_other_cpas(client, search_engine):
    urls = section_urls(search(client, q="CPAS"))
    # Those named exactly first, whatever their kind.
    assert set(urls[:2]) == {partner_url("organisation", "cpas"), partner_url("audience", "cpas")}
    assert partner_url("organisation", "cpas-de-namur") in urls


def test_a_block_holds_only_what_the_words_name(client, search_engine):
    # Partners "de Namur" and audiences "Organismes de Français langue étrangère" share a
    # word with the query, none names it.
    assert section_urls(search(client, q="cours de français")) == []
    assert section_urls(search(client, q="groupe de travail logement")) == []
    for result in search(client, q="santé").context["sections"][0].results:
        assert "santé" in result.title.lower()


def test_an_audience_leads_to_its_own_page(client, search_engine):
    audience = Audience.objects.get(name="Centres d'accueil pour demandeurs d'asile")
    response = search(client, q="centres d'accueil")
    assert partner_url("audience", audience.slug) in section_urls(response)
    html = response.content.decode()
    assert "Public du PPLI" in html  # the card's kicker


def test_a_partner_is_found_by_its_acronym(client, search_engine):
    Organisation.objects.create(name="Zébulon Interculturel de Namur", acronym="ZIN")
    urls = section_urls(search(client, q="ZIN"))
    assert partner_url("organisation", "zebulon-interculturel-de-namur") in urls


def test_sections_are_counted_shown_on_the_first_page_only(client, search_engine):
    first = search(client, q="CPAS")
    shown = sum(len(section.results) for section in first.context["sections"])
    assert 0 < shown <= 3
    assert first.context["found"] == first.context["results"].paginator.count + shown
    assert (
        french_typography(f"{first.context['found']} résultats pour « CPAS »")
        in first.content.decode()
    )
    second = search(client, q="CPAS", page="2")
    assert second.context["sections"] == []
    assert SECTION_HEADING not in second.content.decode()
    # The same total on every page of results.
    assert second.context["found"] == first.context["found"]


def test_a_partner_alone_is_a_result(client, search_engine):
    Organisation.objects.create(name="Quetzalcoatlus", commune="Gembloux")
    response = search(client, q="Quetzalcoatlus")
    assert response.context["results"].paginator.count == 0
    assert response.context["found"] == 1
    html = response.content.decode()
    assert french_typography("1 résultat pour « Quetzalcoatlus »") in html
    assert "Aucun résultat" not in html
    assert "Gembloux" in html


def test_filters_leave_the_sections_out(client, search_engine):
    response = search(client, q="CPAS", type="ppli")
    assert response.context["sections"] == []
    assert response.context["found"] == response.context["results"].paginator.count


def test_working_group_is_found_by_its_kind_and_axis(client, search_engine):
    assert HOUSING_GROUP in page_titles(search(client, q="groupe de travail logement"))


def test_thematic_is_found_by_what_it_lists(client, search_engine):
    # Asile lists objective 33 "…centres d'accueil pour demandeurs d'asile…".
    assert "Asile" in page_titles(search(client, q="demandeurs d'asile"))


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("mobilité", "Mobilité"),
        ("interculturalité", "Interculturalité"),
        ("sans-papiers", "Sans-papiers"),
        ("racisme", "Lutte contre le racisme"),
        ("préambule", "Préambule"),
    ],
)
def test_the_page_a_query_names_comes_first(client, search_engine, query, first):
    assert page_titles(search(client, q=query))[0] == first


def test_every_result_appears_once_across_pages(client, search_engine):
    seen = []
    for number in range(1, 5):
        response = search(client, q="action", type="ppli", page=str(number))
        if response.context["results"].number != number:
            break
        seen += [result.page.pk for result in response.context["described_results"]]
    assert len(seen) > 20  # beyond the re-ranked window
    assert len(seen) == len(set(seen))
