"""Cross-links between thematics, actions, partners, audiences and groups, both ways."""

import re
from urllib.parse import parse_qs

import pytest

from ppli.links import ACTIONS_PER_PAGE
from ppli.models import ActionOrganisation, ActionPage, Organisation, WorkingGroupMember
from testing.factories import ActionPageFactory
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db


def test_thematic_page_summarises_the_plan_axis_by_axis(client):
    html = client.get("/thematiques/logement/").content.decode()
    section = html.split('id="thematique-ppli"')[1].split("</section>\n</div>")[0]
    plan = 'href="/ppli/plan-2017-2020/">Plan d’action 2017-2020</a>'
    assert f"{plan}\u00a0: 3 objectifs et 6 actions." in section
    assert "Axe 3°</span> Droit à un logement décent et à un environnement sain" in section
    assert "3 objectifs et 6 actions</p>" in section
    # The first three actions of the axis, as links; the others one link away.
    for action in ("16-1", "16-2", "16-3"):
        assert f'href="/ppli/plan-2017-2020/logement/objectif-16/action-{action}/"' in section
    assert "action-18-1/" not in section
    assert 'class="card card--action"' not in section
    assert (
        'href="/ppli/plan-2017-2020/?thematique=logement">'
        "Voir les 6 actions dans la vue d’ensemble du plan</a>" in section
    )
    assert 'href="/ppli/groupes-de-travail/gt-logement/"' in section


def test_the_summary_links_to_the_overview_filtered_by_the_thematic(client):
    html = client.get("/thematiques/interculturalite/").content.decode()
    section = html.split('id="thematique-ppli"')[1].split("</section>\n</div>")[0]
    links = dict(
        (text, href)
        for href, text in re.findall(r'class="section__more" href="([^"]+)">([^<]+)</a>', section)
    )
    overview = links["Voir les 13 actions dans la vue d’ensemble du plan"]
    path, query = overview.split("?")
    assert path == page_at("/ppli/plan-2017-2020/").url
    assert parse_qs(query) == {"thematique": ["interculturalite"]}
    # An axis with more actions than the summary names links to them, filtered by both.
    axis = links["Les 4 actions de cet axe"].replace("&amp;", "&")
    assert parse_qs(axis.split("?")[1]) == {
        "axe": ["dimensions-transversales"],
        "thematique": ["interculturalite"],
    }
    # The overview shows as many actions as the summary counts.
    filtered = client.get(overview.replace("&amp;", "&")).content.decode()
    assert filtered.count('class="card card--action"') == 13
    by_axis = client.get(axis).content.decode()
    assert by_axis.count('class="card card--action"') == 4


def test_the_summary_counts_in_french_and_stays_short_as_the_plan_grows(client):
    html = client.get("/thematiques/sans-papiers/").content.decode()
    assert "1 objectif et 1 action</p>" in html
    assert "Voir la seule action dans la vue d’ensemble du plan" in html

    thematic = ThematicPage.objects.get(slug="sans-papiers")
    objective = page_at("/ppli/plan-2017-2020/logement/objectif-16/")
    for _ in range(12):
        ActionPageFactory(parent=objective, thematics=[thematic])
    html = client.get("/thematiques/sans-papiers/").content.decode()
    section = html.split('id="thematique-ppli"')[1].split("</section>\n</div>")[0]
    assert "1 objectif et 12 actions</p>" in section  # the new ones, in axis 3°
    assert "Voir les 13 actions dans la vue d’ensemble du plan" in section
    # Three actions named per axis, however many there are.
    assert len(re.findall(r'<li><a href="[^"]+/action-[^"]+/">', section)) == 3 + 1
    assert "aucun" not in section.lower()


def test_untagging_removes_the_action_from_the_thematic(client):
    for objective in (16, 17, 18):
        page = page_at(f"/ppli/plan-2017-2020/logement/objectif-{objective}/")
        page.thematics = []
        page.save_revision().publish()
    action = page_at("/ppli/plan-2017-2020/logement/objectif-16/action-16-1/")
    action.thematics = []
    action.save_revision().publish()
    html = client.get("/thematiques/logement/").content.decode()
    assert "objectif-16/action-16-1/" not in html
    assert "3 objectifs et 5 actions" in html


def test_action_page_shows_its_place_partners_audiences_group_and_thematics(client):
    html = client.get(
        "/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/action-27/"
    )
    html = html.content.decode()
    assert 'href="/ppli/plan-2017-2020/"' in html
    assert 'href="/ppli/plan-2017-2020/epanouissement-culturel-et-social/"' in html
    assert 'href="/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/"' in html
    assert '<a href="/ppli/partenaires/mrax/">MRAX</a>' in html
    assert '<a href="/ppli/partenaires/unia/">Unia</a>' in html
    assert '<a href="/ppli/publics/cpas/">CPAS</a>' in html
    assert 'href="/ppli/groupes-de-travail/gt-epanouissement-culturel-et-social/"' in html
    assert 'href="/thematiques/lutte-contre-le-racisme/"' in html


def test_organisation_page_lists_its_actions_and_groups(client):
    mrax = Organisation.objects.get(name="MRAX")
    group = page_at("/ppli/groupes-de-travail/gt-epanouissement-culturel-et-social/")
    group.member_links = [WorkingGroupMember(organisation=mrax)]
    group.save_revision().publish()
    html = client.get("/ppli/partenaires/mrax/").content.decode()
    assert "<h1>MRAX</h1>" in html
    assert (
        'href="/ppli/plan-2017-2020/epanouissement-culturel-et-social/objectif-27/action-27/"'
        in html
    )
    assert 'href="/ppli/groupes-de-travail/gt-epanouissement-culturel-et-social/"' in html
    group_html = client.get(group.url).content.decode()
    assert '<a href="/ppli/partenaires/mrax/">MRAX</a>' in group_html


def test_every_organisation_and_audience_has_a_public_page(client):
    for organisation in Organisation.objects.all():
        response = client.get(f"/ppli/partenaires/{organisation.slug}/")
        assert response.status_code == 200, organisation.name
        carried = ActionPage.objects.filter(organisation_links__organisation=organisation).count()
        shown = min(carried, ACTIONS_PER_PAGE)
        html = response.content.decode()
        assert html.count('class="card card--action"') == shown
        assert "aucun" not in html.split('id="contenu"')[1].split("</main>")[0].lower()
    listing = client.get("/ppli/publics/").content.decode()
    assert 'href="/ppli/publics/cpas/"' in listing
    html = client.get("/ppli/publics/cpas/").content.decode()
    assert "Action 27" in html


def test_unpublished_action_disappears_from_every_list(client):
    action = ActionPage.objects.get(number="27")
    action.unpublish()
    for url in [
        "/ppli/partenaires/mrax/",
        "/ppli/publics/cpas/",
        "/thematiques/lutte-contre-le-racisme/",
        "/ppli/plan-2017-2020/",
    ]:
        assert "objectif-27/action-27/" not in client.get(url).content.decode(), url


def test_a_partner_page_lists_its_actions_a_page_at_a_time(client):
    organisation = Organisation.objects.create(name="Partenaire de test")
    url = f"/ppli/partenaires/{organisation.slug}/"
    html = client.get(url).content.decode()
    main = html.split('id="contenu"')[1].split("</main>")[0]
    # Nothing carried, no group: the page names the partner, and says nothing of what it lacks.
    assert "Partenaire de test" in main
    assert "aucun" not in main.lower()
    assert 'id="groupes"' not in main and 'id="actions-portees"' not in main

    objective = page_at("/ppli/plan-2017-2020/logement/objectif-16/")
    for _ in range(ACTIONS_PER_PAGE + 3):
        ActionPageFactory(
            parent=objective, organisation_links=[ActionOrganisation(organisation=organisation)]
        )
    first = client.get(url).content.decode()
    assert first.count('class="card card--action"') == ACTIONS_PER_PAGE
    assert f"Actions 1 à {ACTIONS_PER_PAGE} sur {ACTIONS_PER_PAGE + 3}" in first
    assert 'href="?page=2">Page suivante</a>' in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count('class="card card--action"') == 3
    assert 'href="?page=1">Page précédente</a>' in second
    assert "Page 2 sur 2" in second
    # The page cache keeps the pages the links name, and nothing else.
    assert client.get(url + "?page=2")["X-Page-Cache"] == "HIT"
    for odd in ("?page=3", "?page=02", "?page=deux", "?page=2&tri=nom"):
        response = client.get(url + odd)
        assert response.status_code == 200 and "X-Page-Cache" not in response, odd


def test_an_audience_page_lists_its_actions_a_page_at_a_time(client):
    html = client.get("/ppli/publics/cpas/").content.decode()
    # The actions whose "Pour qui ?" names the CPAS, as the booklet writes it: one page.
    assert "3 actions</p>" in html
    assert "Page suivante" not in html
