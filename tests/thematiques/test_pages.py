"""Thematic pages: rendering with pinned query counts, and where editors may create them."""

import pytest
from wagtail.models import Page

from home.models import ContentPage, HomePage
from ppli.models import ActionPage
from testing.factories import (
    DirectoryEntryPageFactory,
    NewsPageFactory,
    ResourcePageFactory,
    ThematicPageFactory,
)
from testing.queries import assert_queries
from tests.conftest import page_at
from thematiques.models import ThematicIndexPage, ThematicPage

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 19
# The sections (resources, services, news, the plan in short, the history: tests/ppli,
# tests/resources, tests/directory), the acronyms.
THEMATIC_QUERIES = 39  # with the agenda section (2: the private sections, the events), findings (1)


def test_thematic_index_lists_every_thematic(client):
    index = page_at("/thematiques/")
    assert isinstance(index, ThematicIndexPage)
    response = assert_queries(client, "/thematiques/", INDEX_QUERIES)
    # Every thematic but Volontariat, which no published page carries yet (HiddenWhileEmpty).
    html = response.content.decode()
    assert html.count('class="card card--tile') == 14
    assert 'href="/thematiques/volontariat/"' not in html

    new = [ThematicPageFactory(parent=index) for _ in range(15)]
    response = assert_queries(client, "/thematiques/", INDEX_QUERIES)
    assert response.content.decode().count('class="card card--tile') == 14  # empty: hidden
    action = ActionPage.objects.live().first()
    action.thematics.add(*new)
    action.save_revision().publish()
    response = assert_queries(client, "/thematiques/", INDEX_QUERIES)
    assert response.content.decode().count('class="card card--tile') == 29


def test_thematic_page(client):
    page = page_at("/thematiques/fle-alpha-ran/")
    assert isinstance(page, ThematicPage)
    assert page.label == "FLE/Alpha/RàN"
    response = assert_queries(client, "/thematiques/fle-alpha-ran/", THEMATIC_QUERIES)
    html = response.content.decode()
    assert "<h1>FLE/Alpha/RàN</h1>" in html
    assert "#i-languages" in html  # its icon
    # No introduction yet: the description says what the page shows.
    assert '<meta name="description" content="FLE/Alpha/RàN : ' in html

    for _ in range(15):
        ThematicPageFactory(parent=page_at("/thematiques/"))
    assert_queries(client, "/thematiques/fle-alpha-ran/", THEMATIC_QUERIES)


def test_placement_rules():
    index = page_at("/thematiques/")
    assert ThematicIndexPage.allowed_parent_page_models() == [HomePage]
    assert ThematicPage.allowed_parent_page_models() == [ThematicIndexPage]
    assert index.specific_class.allowed_subpage_models() == [ThematicPage]
    assert ThematicPage.allowed_subpage_models() == []
    # Only one index: it already exists, so it cannot be created again.
    assert not ThematicIndexPage.can_create_at(page_at("/"))
    assert ThematicPage.can_create_at(index)
    assert not ThematicPage.can_create_at(page_at("/presentation/"))
    assert not ContentPage.can_create_at(index)
    assert not ThematicPage.can_create_at(Page.get_first_root_node())


def main_text(html):
    """The page's own content, without the menus and the footer."""
    return html.split('id="contenu"')[1].split("</main>")[0]


def test_a_thematic_with_nothing_tagged_points_elsewhere_and_says_nothing_is_missing(client):
    html = main_text(client.get("/thematiques/volontariat/").content.decode())
    assert "<h1>Volontariat</h1>" in html
    assert 'href="/thematiques/"' in html  # the other thematics
    assert 'href="/recherche/?q=Volontariat"' in html  # the search
    for silent in ("aucun", "rien", "à compléter", "non renseigné", "classé"):
        assert silent not in html.lower(), silent


def test_the_introduction_is_printed_only_when_staff_write_one(client):
    page = page_at("/thematiques/logement/")
    before = main_text(client.get(page.url).content.decode())
    assert 'class="page-intro"' not in before
    page.intro = "Se loger dignement : les droits, les aides et les acteurs de la province."
    page.save_revision().publish()
    html = main_text(client.get(page.url).content.decode())
    assert '<p class="page-intro">Se loger dignement' in html
    # The introduction comes first, before any section.
    assert html.index("Se loger dignement") < html.index('id="thematique-ppli"')


def test_sections_come_in_the_order_a_visitor_needs_them(client):
    thematic = page_at("/thematiques/logement/").specific
    ResourcePageFactory(parent=page_at("/ressources/outils-et-publications/"), thematics=[thematic])
    NewsPageFactory(parent=page_at("/ressources/actus-du-secteur/"), thematics=[thematic])
    entry = DirectoryEntryPageFactory(parent=page_at("/ressources/repertoires-et-cartographies/"))
    entry.thematics.set([thematic])
    entry.save_revision().publish()
    html = main_text(client.get(thematic.url).content.decode())
    anchors = [
        "thematique-ressources",
        "thematique-services",
        "thematique-actualites",
        "thematique-ppli",
        "thematique-historique",
    ]
    positions = [html.index(f'id="{anchor}"') for anchor in anchors]
    assert positions == sorted(positions)
    # The table of contents lists them in the same order.
    toc = html.split('class="on-this-page"')[1].split("</nav>")[0]
    assert [toc.index(f'href="#{anchor}"') for anchor in anchors] == sorted(
        toc.index(f'href="#{anchor}"') for anchor in anchors
    )


def test_a_new_thematic_can_be_previewed_before_it_is_saved(rf):
    index = page_at("/thematiques/")
    # As Wagtail previews a page being created: placed under its parent, not saved.
    page = ThematicPage(title="Nouvelle thématique", slug="nouvelle-thematique")
    page.depth, page.path = index.depth + 1, index.path + "9999"
    context = page.get_context(rf.get("/"))
    assert context["sections"] == [] and not context["has_sections"]
