"""Cross-links between thematics, actions, partners, audiences and groups, both ways."""

import pytest

from ppli.models import ActionPage, Organisation, WorkingGroupMember
from tests.conftest import page_at

pytestmark = pytest.mark.django_db


def test_thematic_page_lists_objectives_and_actions_grouped_by_axis(client):
    html = client.get("/thematiques/logement/").content.decode()
    section = html.split('id="thematique-ppli"')[1]
    assert "Axe 3°</span> Droit à un logement décent et à un environnement sain" in section
    for objective in (16, 17, 18):
        assert f'href="/ppli/plan-2017-2020/logement/objectif-{objective}/"' in section
    assert 'href="/ppli/plan-2017-2020/logement/objectif-18/action-18-1/"' in section
    assert 'href="/ppli/groupes-de-travail/gt-logement/"' in section
    # Grouped: the axis heading comes before its objectives, each before its own actions.
    assert section.index("Axe 3°") < section.index("Objectif 16<") < section.index("Action 16.1")
    assert section.index("Action 16.3") < section.index("Objectif 17<") < section.index("Action 17")
    assert section.count(">Objectif 16<") == 1


def test_untagging_removes_the_action_from_the_thematic(client):
    action = page_at("/ppli/plan-2017-2020/logement/objectif-17/action-17/")
    action.thematics = []
    action.save_revision().publish()
    html = client.get("/thematiques/logement/").content.decode()
    assert "objectif-17/action-17/" not in html


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
        assert response.content.decode().count('class="card card--action"') == carried
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
