"""Thematic pages: rendering with pinned query counts, and where editors may create them."""

import pytest
from wagtail.models import Page

from home.models import ContentPage, HomePage
from ppli.models import ActionPage
from testing.factories import ThematicPageFactory
from testing.queries import assert_queries
from tests.conftest import page_at
from thematiques.models import ThematicIndexPage, ThematicPage

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 19
# The PPLI, resources and (empty) news sections (tests/ppli, tests/resources), the acronyms.
THEMATIC_QUERIES = 38


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
