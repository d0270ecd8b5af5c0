"""The plan's facts as the booklet (seed 003) and the history sheet (seed 004) write them:
"Par qui ?" qualifiers, audiences, partners, the essential issues, the 2007 sheet (issue 26)."""

import io
import json
import re
from html import unescape

import pytest
from django.core.management import call_command

from core.typography import french_typography
from glossary.models import Abbreviation
from ppli.initial_content import read_plan_data
from ppli.models import ActionOrganisation, ActionPage, Organisation
from taxonomies.models import Audience
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"
JSON_URL = PLAN + "export.json"
CSV_URL = PLAN + "export.csv"
ACTION_3 = PLAN + "revenu-digne-et-travail/objectif-3/action-3/"
ACTION_28_1 = PLAN + "epanouissement-culturel-et-social/objectif-28/action-28-1/"
OBJECTIVE_30 = PLAN + "dimensions-transversales/objectif-30/"
SHEET_2007 = "/ppli/historique/2007-mise-en-place-du-plan-local-d-integration/"
PEOE = "Personnes étrangères et d'origine étrangère (PEOE)"
# Named in "Par qui ?" and once only free text: each is an organisation of the partner filter.
ONCE_FREE_TEXT = [
    "Housing First",
    "La Ruche/GABS",
    "Comité Consultatif de Locataires et Propriétaires (CCLP)",
    "Sociétés de Logement de Service Public (SLSP)",
    "Fédération des écoles de promotion sociale",
    "Plateforme de lutte contre le racisme",
    "CISP",
]


def exported_actions(client):
    data = json.loads(client.get(JSON_URL).content)
    return {
        action["number"]: action
        for axis in data["axes"]
        for objective in axis["objectives"]
        for action in objective["actions"]
    }


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def test_export_json_carries_the_booklets_wording(client):
    actions = exported_actions(client)
    assert actions["3"]["by_whom"] == ["CPAS", "FOREm (GT primo-arrivant)", "coordination locale"]
    assert actions["5.2"]["by_whom"] == ["DISCRI (GAP Diversité)", "consortium diversité"]
    assert actions["5.1"]["for_whom"] == ["Les employeurs"]
    assert actions["18.1"]["for_whom"] == ["Tout acteur du secteur logement"]
    assert actions["32.2"]["for_whom"] == [
        "Travailleurs sociaux et de la santé",
        "Bénévoles/volontaires",
    ]
    # A category with its examples is one item.
    assert actions["12.1"]["for_whom"] == [
        "Professionnels de la santé : hôpitaux, relais santé, SSM, Maisons médicales, ONE, etc."
    ]
    assert actions["16.1"]["for_whom"][0].startswith("Acteurs du secteur logement : CPAS, PCS,")
    assert len(actions["16.1"]["for_whom"]) == 1
    assert actions["28.1"]["for_whom"] == [PEOE]
    # The booklet's "Province", not "Province de Namur".
    for number in ("18.2", "21", "24.2", "29", "32.2", "32.3"):
        assert "Province" in actions[number]["by_whom"], number
    assert not any(
        "Province de Namur" in name for action in actions.values() for name in action["by_whom"]
    )


def test_export_csv_carries_the_qualifiers(client):
    text = client.get(CSV_URL).content.decode("utf-8-sig")
    assert "CPAS; FOREm (GT primo-arrivant); coordination locale" in text
    assert "DISCRI (GAP Diversité); consortium diversité" in text


def test_an_organisation_with_a_qualifier_is_linked_once_on_its_action(client):
    html = html_of(client, ACTION_3)
    forem = Organisation.objects.get(name="FOREm")
    links = re.findall(rf'<a href="/ppli/partenaires/{forem.slug}/">FOREm</a>([^<]*)</li>', html)
    assert links == [" (GT primo-arrivant)"]
    # Named once: no second "FOREm (GT primo-arrivant)" after the list.
    assert html.count("(GT primo-arrivant)") == 1
    assert html.count(f'href="/ppli/partenaires/{forem.slug}/"') == 1


def test_the_partner_filter_offers_every_organisation_named_in_par_qui(client):
    response = client.get(PLAN)
    offered = dict(response.context["filter_form"].fields["partenaire"].choices)
    names = set(offered.values())
    for name in ONCE_FREE_TEXT:
        assert name in names, name
    data = read_plan_data()
    by_key = {item["key"]: item["name"] for item in data["organisations"]}
    named = {
        by_key[item if isinstance(item, str) else item["key"]]
        for axis in data["axes"]
        for objective in axis["objectives"]
        for action in objective["actions"]
        for item in action["by_whom"]["organisations"]
    }
    assert named <= names
    # Each leads to the actions it carries.
    housing_first = Organisation.objects.get(name="Housing First")
    filtered = client.get(PLAN, {"partenaire": housing_first.slug}).context["shown"]
    numbers = {a.number for axis in filtered.axes for o in axis.objectives for a in o.actions}
    assert numbers == {"18.1"}


def test_the_essential_issues_page_lists_the_thirteen_issues_with_their_axis(client):
    html = html_of(client, PLAN + "enjeux-essentiels/")
    data = read_plan_data()
    issues = [(axis, issue) for axis in data["axes"] for issue in axis["key_issues"]]
    assert [issue["number"] for _, issue in issues] == list(range(1, 14))
    for axis, issue in issues:
        assert french_typography(f"{issue['number']}. {issue['text']}") in html, issue["number"]
        assert f'href="{PLAN}{axis["slug"]}/"' in html
    # Each issue comes after its axis's heading, in the booklet's order.
    positions = [
        html.index(french_typography(f"{issue['number']}. {issue['text']}")) for _, issue in issues
    ]
    assert positions == sorted(positions)
    assert html.index("3° Droit à un logement décent") < html.index("6. Assouplir")


def test_the_2007_sheet_shows_the_seeds_three_axes_and_labels(client):
    html = html_of(client, SHEET_2007)
    categories = html[html.index('id="categories"') :]
    axes = categories[categories.index(french_typography("Axes stratégiques d'intervention")) :]
    axes = axes[: axes.index("</dd>")]
    assert re.findall(r"<li>([^<]*)</li>", axes) == [
        "Accompagnement",
        "Interpellation",
        "Travail en réseau",
    ]
    assert "Juridique / justice" in categories and "Sociojuridique" not in categories
    # There is no "Fiche 24" on the site: plain text, not a link to a publication.
    assert "(Voir Fiche 24)" in html
    assert not re.search(r"<a [^>]*>Voir Fiche 24</a>", html)


def test_peoe_is_expanded_as_the_decree_does(client):
    assert Audience.objects.filter(name=PEOE).exists()
    assert not Audience.objects.filter(name__contains="ou d'origine étrangère (PEOE)").exists()
    expansion = Abbreviation.objects.get(acronym="PEOE").expansion
    assert expansion == "personnes étrangères et d'origine étrangère"
    assert PEOE in html_of(client, ACTION_28_1)


def test_piis_is_sourced_to_action_3():
    assert Abbreviation.objects.get(acronym="PIIS").source == "Livret PPLI 2017-2020 (action 3)"
    assert "(PIIS)" in ActionPage.objects.get(number="3").text


def test_objective_30_is_titled_by_its_number_everywhere(client):
    objective = page_at(OBJECTIVE_30)
    assert objective.title == "Objectif 30" and objective.text == ""
    assert "<h1>Objectif 30</h1>" in html_of(client, OBJECTIVE_30)
    overview = html_of(client, PLAN)
    assert f'<a href="{OBJECTIVE_30}">Objectif 30</a>' in overview
    data = json.loads(client.get(JSON_URL).content)
    (exported,) = [o for a in data["axes"] for o in a["objectives"] if o["number"] == 30]
    assert exported["title"] is None  # the text the booklet lost: unknown, not invented


def test_the_declinaison_page_explains_the_lost_colours(client):
    html = html_of(client, PLAN + "declinaison/")
    assert "identifiables ici grâce au fond de couleur" in html  # the booklet's words, kept
    assert (
        french_typography("[Note de la rédaction : dans le livret imprimé, un fond de couleur")
        in html
    )


def test_loading_again_corrects_an_older_transcription_nobody_edited():
    """A database loaded before these corrections gets them; a second load changes nothing."""
    province = Organisation.objects.get(name="Province")
    province.name, province.slug = "Province de Namur", "province-de-namur"
    province.save()
    peoe = Audience.objects.get(name=PEOE)
    peoe.name = "Personnes étrangères ou d'origine étrangère (PEOE)"
    peoe.save()
    Organisation.objects.filter(name="Housing First").delete()
    ActionOrganisation.objects.filter(action__number="3").update(qualifier="")
    ActionPage.objects.filter(number="3").update(by_whom_note="FOREm (GT primo-arrivant)")

    call_command("load_initial_content", stdout=io.StringIO())

    assert Organisation.objects.get(pk=province.pk).name == "Province"
    assert Organisation.objects.get(pk=province.pk).slug == "province"
    assert Audience.objects.get(pk=peoe.pk).name == PEOE
    action = ActionPage.objects.get(number="3")
    assert action.by_whom_note == ""
    assert [(o.name, o.qualifier) for o in action.organisations] == [
        ("CPAS", ""),
        ("FOREm", "(GT primo-arrivant)"),
    ]
    assert "Housing First" in [o.name for o in ActionPage.objects.get(number="18.1").organisations]
    revisions = action.revisions.count()
    call_command("load_initial_content", stdout=io.StringIO())
    assert ActionPage.objects.get(number="3").revisions.count() == revisions


def test_editing_the_partners_in_the_admin_keeps_their_qualifiers():
    from ppli.models.plan import ActionPageForm

    action = ActionPage.objects.get(number="3")
    field = ActionPageForm.base_fields["organisations"]
    cpas, forem = (link.organisation for link in action.organisation_links.all())
    field.write(action, [forem, cpas])
    assert [(row.organisation_id, row.qualifier) for row in action.organisation_links.all()] == [
        (forem.pk, "(GT primo-arrivant)"),
        (cpas.pk, ""),
    ]
