"""Editors can only create home-app page types where they belong."""

import pytest
from wagtail.models import Page

from agenda.models import AgendaPage
from directory.models import DirectoryPage, ServiceListPage
from glossary.models import GlossaryPage
from home.models import ContentPage, FormPage, HomePage, TeamPage
from ppli.models import PPLIIndexPage
from resources.models import NewsIndexPage, ResourceIndexPage
from tests.conftest import page_at
from thematiques.models import ThematicIndexPage, ThematicPage

pytestmark = pytest.mark.django_db


def test_home_page_sits_at_the_root_only_once():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert not HomePage.can_create_at(Page.get_first_root_node())  # max_count = 1
    assert set(HomePage.allowed_subpage_models()) == {
        ContentPage,
        ThematicIndexPage,
        PPLIIndexPage,
        AgendaPage,
        GlossaryPage,
    }


def test_content_page_children():
    assert set(ContentPage.allowed_subpage_models()) == {
        ContentPage,
        FormPage,
        TeamPage,
        ResourceIndexPage,
        NewsIndexPage,
        DirectoryPage,
        ServiceListPage,
    }


def test_content_page_goes_where_a_parent_offers_it():
    assert ContentPage.can_create_at(page_at("/"))
    assert ContentPage.can_create_at(page_at("/presentation/"))
    assert ContentPage.can_create_at(page_at("/ppli/"))
    assert not ContentPage.can_create_at(page_at("/thematiques/"))
    assert not ContentPage.can_create_at(page_at("/thematiques/asile/"))
    assert not ContentPage.can_create_at(page_at("/contact/general/"))


def test_leaf_pages_have_no_children():
    assert FormPage.allowed_subpage_models() == []
    assert TeamPage.allowed_subpage_models() == []
    assert not ThematicPage.can_create_at(page_at("/presentation/equipe/"))


def test_form_and_team_pages_stay_in_sections():
    assert FormPage.allowed_parent_page_models() == [ContentPage]
    assert TeamPage.allowed_parent_page_models() == [ContentPage]
    assert not TeamPage.can_create_at(page_at("/"))
    assert TeamPage.can_create_at(page_at("/presentation/"))
