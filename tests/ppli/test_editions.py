"""The editions of the plan (issue 26): PPLI 2.0 first on the landing, the 2017-2020 plan framed
as a closed edition on each of its pages, the timeline "Éditions du plan", and the generic PLI
page (seed 000, another centre's text) free of that centre's territory."""

import io
import re
from html import unescape

import pytest
from django.core.management import call_command

from core.typography import french_typography
from ppli.models import PlanPage, PPLIIndexPage
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"
ACTION = PLAN + "logement/objectif-18/action-18-1/"
BANNER = "Plan 2017-2020 — première mouture"
CLOSING = "clôturée fin 2019 par l'assemblée plénière de la Marlagne"


def main(client, url):
    """The page's <main>, unescaped (the menu above it links the plan too)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = unescape(response.content.decode())
    return html[html.index('<main id="contenu"') : html.index("</main>")]


def test_ppli_2_0_comes_before_the_2017_2020_plan(client):
    html = main(client, "/ppli/")
    current = html.index('id="plan-en-cours"')
    assert current < html.index(french_typography("PPLI 2.0 : nouvelle démarche à deux axes"))
    assert current < html.index(f'href="{PLAN}"')  # the previous edition, after
    assert current < html.index(
        french_typography("En 2016, le PLI s'étend à l'échelle provinciale")
    )
    # Structured: its steps and commitments are headings and lists, from the seeds' sentences.
    section = html[current : html.index('id="editions-du-plan"')]
    assert french_typography("<h3>D'abord, réactualiser nos constats</h3>") in section
    assert (
        french_typography("<h3>Ensuite, un dispositif de mobilisation d'expertise</h3>") in section
    )
    steps = re.search(r"<ol>(.*?)</ol>", section, re.S).group(1)
    assert steps.count("<li>") == 5 and "diagnostic 2016-2017" in steps
    assert "<li>Poursuivre nos missions décrétales" in section
    assert "planification pluriannuelle (6 ans)" in section
    assert "coordinations locales" in section
    assert french_typography("Seuls les espaces de concertation à l'échelon provincial") in section
    assert "le C.A.I. se retrouve seul aux commandes" in section
    # The landing itself is no closed edition.
    assert "edition-banner" not in html


def test_the_timeline_lists_three_editions_with_links(client):
    for url in ("/ppli/", PLAN):
        html = main(client, url)
        timeline = html[html.index('id="editions-du-plan"') :]
        items = re.findall(r'<li class="plan-editions__item[^"]*">(.*?)</li>', timeline, re.S)
        assert len(items) == 3, url
        names = [re.search(r">([^<>]+)</a>", item).group(1) for item in items]
        assert names == ["Plans locaux d'intégration (PLI)", "PPLI 2017-2020", "PPLI 2.0"]
        links = [re.search(r'href="([^"]+)"', item).group(1) for item in items]
        assert links == ["/ppli/historique/", PLAN, "/ppli/#plan-en-cours"]
        assert "2008-2016" in items[0] and "En cours" in items[2]
        assert "<ol" in timeline  # an ordered list: the editions follow each other
    assert client.get("/ppli/historique/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        PLAN,
        PLAN + "imprimer/",
        PLAN + "logement/",
        PLAN + "logement/objectif-18/",
        ACTION,
        PLAN + "preambule/",  # a section of the booklet
        "/ppli/groupes-de-travail/gt-logement/",  # the working group of an axis of the plan
    ],
)
def test_every_page_of_the_closed_plan_carries_its_banner(client, url):
    html = main(client, url)
    banner = html[html.index('class="edition-banner"') :]
    banner = banner[: banner.index("</div>")]
    assert BANNER in banner and "2019" in banner and CLOSING in banner
    assert 'href="/ppli/#plan-en-cours"' in banner  # the plan in force


def test_pages_outside_the_plan_carry_no_banner(client):
    for url in ("/", "/ppli/plan-local-integration/", "/ppli/historique/", "/thematiques/"):
        assert "edition-banner" not in main(client, url), url


def test_the_banner_is_data_staff_edit():
    plan = PlanPage.objects.get(slug="plan-2017-2020")
    assert (plan.edition_label, plan.closed, plan.closing_note) == (
        "première mouture",
        True,
        CLOSING,
    )
    assert PlanPage._meta.get_field("closed").help_text  # explained in French in the editor


def test_an_open_plan_has_no_banner(client):
    plan = PlanPage.objects.get(slug="plan-2017-2020")
    plan.closed = False
    plan.save_revision().publish()
    assert "edition-banner" not in main(client, ACTION)


def test_the_pli_page_is_the_general_walloon_framework(client):
    html = main(client, "/ppli/plan-local-integration/")
    assert "Liège" not in html and "Huy" not in html and "55 communes" not in html
    assert "<h2>Ce que prévoit le décret wallon</h2>" in html
    assert french_typography("commun à tous les centres régionaux d'intégration") in html
    assert "décret du 30 avril 2009" in html
    assert 'href="/ppli/"' in html  # the C.A.I.'s own plan


def test_reloading_changes_nothing_and_updates_what_nobody_edited():
    landing = PPLIIndexPage.objects.get()
    revisions = landing.revisions.count()
    call_command("load_initial_content", stdout=io.StringIO())
    assert landing.revisions.count() == revisions  # idempotent
    # A database loaded before this change: the loader brings the pages it owns in line.
    landing = PPLIIndexPage.objects.get()
    landing.current_plan = []
    landing.editions = []
    landing.save_revision(log_action=False).publish(log_action=False)
    plan = PlanPage.objects.get(slug="plan-2017-2020")
    plan.closed, plan.closing_note = False, ""
    plan.save_revision(log_action=False).publish(log_action=False)
    call_command("load_initial_content", stdout=io.StringIO())
    landing = PPLIIndexPage.objects.get()
    assert len(landing.editions) == 3 and len(landing.current_plan) > 5
    plan = page_at(PLAN).specific
    assert plan.closed and plan.closing_note == CLOSING
