"""PPLI pages render with pinned query counts that do not grow with the plan's size."""

import re

import pytest

from core.typography import french_typography
from ppli.models import ActionPage, AxisPage, ObjectivePage
from testing.factories import ContentPageFactory
from testing.queries import assert_queries
from testing.synthetic import grow_plan
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"
AXIS = PLAN + "logement/"
OBJECTIVE = AXIS + "objectif-18/"
ACTION = OBJECTIVE + "action-18-1/"

QUERIES = {
    # Its page links (one query a list), footnotes, the editions' pages, and which of those a
    # visitor may open (Wagtail's `.public()`: the restrictions, then the pages). Two of its
    # lists lead to PPLI 2.0's channels (network/data/pages.yaml).
    "/ppli/": 26,
    PLAN: 40,  # with the booklet's sections, the editions (landing, their pages, public ones)
    PLAN + "imprimer/": 32,
    AXIS: 36,  # its plan, for the closed edition's banner
    OBJECTIVE: 39,  # its plan, for the closed edition's banner
    ACTION: 40,
    "/ppli/groupes-de-travail/": 29,  # with the network form (axes, thematics, open spaces)
    "/ppli/groupes-de-travail/gt-logement/": 33,  # a record, no form; its plan (banner)
    "/ppli/groupes-de-travail/confirmation/": 22,
    "/ppli/partenaires/": 20,
    # One page of actions (its count, then its rows) and its services in the directory (hook).
    "/ppli/partenaires/discri/": 33,
    "/ppli/publics/": 20,
    "/ppli/publics/cpas/": 29,  # one page of actions, as a partner's
    # The plan in short (counts and first actions per axis), resources, services, news.
    "/thematiques/logement/": 39,  # with the agenda section and the field findings
}


def test_query_counts_with_the_booklet(client):
    for url, expected in QUERIES.items():
        assert_queries(client, url, expected)


@pytest.mark.slow
def test_query_counts_with_ten_times_the_booklet(client):
    grow_plan(times=10)
    assert ObjectivePage.objects.count() == 350
    assert ActionPage.objects.count() == 540
    for url, expected in QUERIES.items():
        assert_queries(client, url, expected)
    html = client.get(PLAN).content.decode()
    assert "350 objectifs et 540 actions" in html


def test_ppli_landing_carries_the_ppli_text(client):
    html = client.get("/ppli/").content.decode()
    assert french_typography("PPLI 2.0 : nouvelle démarche à deux axes") in html
    assert "méta-diagnostic" in html
    assert 'href="/ppli/historique/"' in html
    assert 'href="/ppli/partenaires/"' in html
    # "En savoir plus" and the "made in PPLI" productions lead to their library pages.
    library = "/ressources/outils-et-publications/"
    for slug, text in [
        ("presentation-complete-2021", "Présentation complète 2021"),
        ("diagnostic-ppli-2016", "Diagnostic PPLI 2016"),
        ("memorandum-elections-communales-2018", "Mémorandum élections communales 2018"),
        ("documentaire-personnes-sans-papiers", "Documentaire sur les personnes sans-papiers"),
    ]:
        assert f'<a href="{library}{slug}/">{text}</a>' in html
    # Stored as page references, not typed URLs.
    landing = page_at("/ppli/")
    assert 'linktype="page"' in str(landing.body.raw_data)
    for _ in range(10):
        ContentPageFactory(parent=page_at("/ppli/"))
    assert_queries(client, "/ppli/", QUERIES["/ppli/"])


def test_history_and_pli_pages_come_from_the_seeds(client):
    sheet = "/ppli/historique/2007-mise-en-place-du-plan-local-d-integration/"
    assert f'href="{sheet}"' in client.get("/ppli/historique/").content.decode()  # the timeline
    history = client.get(sheet).content.decode()
    assert "Des mémorandums au service du PLI" in history
    assert "Namur, Sambreville et Gembloux, Dinant, puis Florennes" in history
    pli = client.get("/ppli/plan-local-integration/").content.decode()
    assert "décret du 30 avril 2009" in pli
    # The Liège centre's own territory must not be presented as Namur's.
    assert "Huy-Waremme" not in pli


def test_axis_page_shows_its_key_issues_and_no_empty_findings(client):
    html = client.get(AXIS).content.decode()
    assert "<h1>Droit à un logement décent et à un environnement sain</h1>" in html
    assert "Assouplir les législations existantes en matière de logement" in html  # enjeu 6
    # The booklet drew the findings as charts, lost in the text: no section until staff
    # write them, and nothing marked for staff on the public page.
    assert 'id="constats"' not in html and "compléter" not in html
    assert 'href="/ppli/groupes-de-travail/gt-logement/"' in html


def breadcrumb_items(html):
    """(text, link or None) of each item of the page's breadcrumb after the home page."""
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    items = re.findall(r'<li>(?:<a href="([^"]*)">|<span aria-current="page">)([^<]*)<', trail)
    return [(text, url or None) for url, text in items[1:]]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/ppli/partenaires/", [("Partenaires du PPLI", None)]),
        ("/ppli/publics/", [("Publics du PPLI", None)]),
        (
            "/ppli/partenaires/discri/",
            [("Partenaires du PPLI", "/ppli/partenaires/"), ("DISCRI", None)],
        ),
        ("/ppli/publics/cpas/", [("Publics du PPLI", "/ppli/publics/"), ("CPAS", None)]),
    ],
)
def test_partner_and_audience_pages_follow_their_list_in_the_breadcrumb(client, url, expected):
    landing = (french_typography("Plan provincial et local d'intégration"), "/ppli/")
    assert breadcrumb_items(client.get(url).content.decode()) == [landing, *expected]


def test_unknown_partner_or_audience_is_a_404(client):
    assert client.get("/ppli/partenaires/inconnu/").status_code == 404
    assert client.get("/ppli/publics/inconnu/").status_code == 404


def test_placement_rules():
    from home.models import ContentPage
    from ppli.models import (
        ConcertationSpacePage,
        PlanPage,
        PPLIIndexPage,
        WorkingGroupIndexPage,
        WorkingGroupPage,
    )

    assert AxisPage.allowed_parent_page_models() == [PlanPage]
    assert ObjectivePage.allowed_parent_page_models() == [AxisPage]
    assert ActionPage.allowed_parent_page_models() == [ObjectivePage]
    assert WorkingGroupPage.allowed_parent_page_models() == [WorkingGroupIndexPage]
    assert ConcertationSpacePage.allowed_parent_page_models() == [WorkingGroupIndexPage]
    assert ConcertationSpacePage.allowed_subpage_models() == []
    assert set(WorkingGroupIndexPage.allowed_subpage_models()) == {
        WorkingGroupPage,
        ConcertationSpacePage,
    }
    assert ConcertationSpacePage.can_create_at(page_at("/ppli/groupes-de-travail/"))
    assert not ConcertationSpacePage.can_create_at(page_at("/ppli/"))
    assert set(PlanPage.allowed_subpage_models()) == {AxisPage, ContentPage}  # booklet sections
    assert ActionPage.allowed_subpage_models() == []
    assert ActionPage.can_create_at(page_at(OBJECTIVE))
    assert not ActionPage.can_create_at(page_at(AXIS))
    assert not ObjectivePage.can_create_at(page_at(PLAN))
    assert not AxisPage.can_create_at(page_at("/ppli/"))
    assert PlanPage.can_create_at(page_at("/ppli/"))
    assert not PPLIIndexPage.can_create_at(page_at("/"))  # only one landing
