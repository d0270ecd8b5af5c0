"""PPLI landing, plan and working-group index: rendering, query counts, placement."""

import pytest

from home.models import ContentPage, HomePage
from ppli.models import PlanPage, PPLIIndexPage, WorkingGroupIndexPage
from tests.conftest import page_at
from tests.factories import ContentPageFactory
from tests.utils import assert_queries

pytestmark = pytest.mark.django_db

LANDING_QUERIES = 16
PLAN_QUERIES = 18
WORKING_GROUPS_QUERIES = 18


def test_ppli_landing_carries_the_ppli_text(client):
    landing = page_at("/ppli/")
    assert isinstance(landing, PPLIIndexPage)
    response = assert_queries(client, "/ppli/", LANDING_QUERIES)
    html = response.content.decode()
    assert "PPLI 2.0 : nouvelle démarche à deux axes" in html
    assert "méta-diagnostic" in html
    assert 'href="/ppli/historique/"' in html

    for _ in range(10):
        ContentPageFactory(parent=landing)
    assert_queries(client, "/ppli/", LANDING_QUERIES)


def test_plan_page(client):
    plan = page_at("/ppli/plan-2017-2020/")
    assert isinstance(plan, PlanPage)
    assert plan.period == "2017-2020"
    assert_queries(client, "/ppli/plan-2017-2020/", PLAN_QUERIES)


def test_working_group_index(client):
    assert isinstance(page_at("/ppli/groupes-de-travail/"), WorkingGroupIndexPage)
    response = assert_queries(client, "/ppli/groupes-de-travail/", WORKING_GROUPS_QUERIES)
    assert "Pourquoi adhérer au processus du PPLI ?" in response.content.decode()


def test_history_and_pli_pages_come_from_the_seeds(client):
    history = client.get("/ppli/historique/").content.decode()
    assert "Des mémorandums au service du PLI" in history
    assert "Namur, Sambreville et Gembloux, Dinant, puis Florennes" in history
    pli = client.get("/ppli/plan-local-integration/").content.decode()
    assert "décret du 30 avril 2009" in pli
    # The Liège centre's own territory must not be presented as Namur's.
    assert "Huy-Waremme" not in pli


def test_placement_rules():
    landing = page_at("/ppli/")
    assert PPLIIndexPage.allowed_parent_page_models() == [HomePage]
    assert PlanPage.allowed_parent_page_models() == [PPLIIndexPage]
    assert WorkingGroupIndexPage.allowed_parent_page_models() == [PPLIIndexPage]
    assert set(PPLIIndexPage.allowed_subpage_models()) == {
        PlanPage,
        WorkingGroupIndexPage,
        ContentPage,
    }
    assert PlanPage.can_create_at(landing)
    assert not PlanPage.can_create_at(page_at("/"))
    assert not PPLIIndexPage.can_create_at(page_at("/"))  # only one landing
    assert not WorkingGroupIndexPage.can_create_at(landing)  # already there
