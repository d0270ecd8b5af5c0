"""The booklet and the history, whole and true: its sections as pages, the facts the booklet
gives (and only those), the history as structured sheets, and an existing database brought
up to date without losing what staff edited."""

import io
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.models import Page

from core.typography import french_typography
from ppli.models import (
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    HistorySheetPage,
    ObjectivePage,
    Organisation,
    WorkingGroupPage,
)
from resources.initial_content import BOOKLET_TEXT, booklet_paragraphs, booklet_pdf
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"
SHEET = "/ppli/historique/2007-mise-en-place-du-plan-local-d-integration/"
SECTIONS = [
    ("preambule", "Préambule"),
    ("pli-et-ppli", "Comment distinguer le PLI et le PPLI ?"),
    ("enjeux-essentiels", "Enjeux essentiels"),
    ("declinaison", "Déclinaison du PPLI : des axes, des objectifs, des actions"),
    ("construction-plan-action", "Construction d'un plan d'action"),
    ("concepts", "Des concepts en appui"),
]


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def test_the_booklet_sections_are_pages_under_the_plan(client):
    overview = text(client, PLAN)
    for slug, title in SECTIONS:
        html = text(client, f"{PLAN}{slug}/")
        assert f"<h1>{french_typography(title)}</h1>" in html
        assert f'href="{PLAN}{slug}/"' in overview  # listed under "Le livret du plan"


def test_the_preamble_keeps_its_three_signatories(client):
    html = text(client, f"{PLAN}preambule/")
    assert french_typography("Le terme de « migrant » camoufle une kyrielle de réalités") in html
    signatories = html[html.index('class="signatures"') :]
    for name, role in [
        ("Fabian MARTIN", "Président"),
        ("Geneviève LAZARON", "Députée provinciale"),
        ("Maxime PRÉVOT", "Ministre wallon de la Santé et de l'Action sociale"),
    ]:
        assert f'<strong class="signature__name">{name}</strong>' in signatories
        assert f"<span>{french_typography(role)}</span>" in signatories
    assert "C.A.I. asbl" in signatories and "Province de Namur" in signatories


def test_the_pli_and_ppli_page_has_its_five_footnotes(client):
    html = text(client, f"{PLAN}pli-et-ppli/")
    # A real footnote: a numbered call linked to the note, and a way back.
    for n in range(1, 6):
        assert f'<a href="#footnote-{n}" id="footnote-source-{n}-1"' in html
        assert f'<li id="footnote-{n}">' in html
        assert f'href="#footnote-source-{n}-1"' in html
    notes = html[html.index('id="notes-titre"') :]
    assert 'href="http://cohesionsociale.wallonie.be"' in notes
    assert (
        french_typography("Guide méthodologique pour l'élaboration et la gestion d'un plan local")
        in notes
    )
    # Who the public concerned is, in the booklet's words.
    assert french_typography("de même que les « sans-papiers » et les demandeurs d'asile") in html


def test_the_whole_why_and_how_to_join_is_on_the_working_groups_page_as_history(client):
    html = text(client, "/ppli/groupes-de-travail/")
    # The booklet's 2017 call is quoted, dated, under its own heading: no invitation today
    # to sign up to groups that closed with the plan in 2019.
    assert french_typography("L'appel du livret, en 2017") in html
    quote = client.get("/ppli/groupes-de-travail/").content.decode().split("<blockquote>")[1]
    question = french_typography("Pourquoi adhérer au processus du PPLI ? Et comment ?")
    assert question in quote.split("</blockquote>")[0]
    assert "PPLI 2017-2020 (2017)" in quote.split("</figure>")[0]
    assert "Inscrivez-vous à un ou plusieurs GT" not in html
    assert question in html
    # The two sentences the first transcription dropped, and the "Comment ?" text.
    assert "La Province de Namur et le C.A.I. se proposent de piloter la conception" in html
    assert "vous invitent à devenir ou à continuer à être partie prenante" in html
    assert "dès février 2017" in html


def test_each_working_group_has_its_own_description():
    descriptions = list(WorkingGroupPage.objects.values_list("description", flat=True))
    assert len(descriptions) == len(set(descriptions)) == 7
    assert not any(d.startswith("À cet effet") for d in descriptions)
    logement = WorkingGroupPage.objects.get(slug="gt-logement").description
    assert "axe 3° du PPLI 2017-2020" in logement
    assert "« seront chargés de co-construire le contenu" in logement


def test_action_23_2_shares_23_1s_partner():
    shared = "Opérateurs reconnus par la RW pour dispenser les modules citoyenneté"
    for number in ("23.1", "23.2"):
        assert ActionPage.objects.get(number=number).by_whom_others == [shared]


@pytest.mark.parametrize("number", ["7", "12.1", "14", "24.1"])
def test_open_for_whom_lists_keep_the_booklets_etc(client, number):
    action = ActionPage.objects.get(number=number)
    html = text(client, action.url)
    facts = html[html.index("<dt>Pour qui\u202f?</dt>") :].split("</dd>")[0]
    if number == "12.1":  # one item: the category with its examples, "…, ONE, etc."
        assert action.audiences[-1].qualifier.endswith(", ONE, etc.")
        assert facts.rstrip().endswith(
            " : hôpitaux, relais santé, SSM, Maisons médicales, ONE, etc.</li></ul>"
        )
    else:
        assert action.for_whom_others[-1] == "etc."
        assert facts.rstrip().endswith("<li>etc.</li></ul>")


@pytest.mark.parametrize("number", ["12.1", "16.1", "18.1", "32.2"])
def test_each_audience_is_printed_once(client, number):
    action = ActionPage.objects.get(number=number)
    html = text(client, action.url)
    facts = html[html.index("<dt>Pour qui\u202f?</dt>") :].split("</dd>")[0]
    for audience in action.audiences:
        assert facts.count(f">{audience.name}</a>") == 1, audience.name
    for other in action.for_whom_others:
        assert facts.count(f"<li>{other}</li>") == 1, other
    assert len(action.for_whom_others) == len(set(action.for_whom_others))


def test_no_false_fact_is_loaded():
    assert not ActionPage.objects.exclude(priority=None).exists()
    assert not ObjectivePage.objects.exclude(priority=None).exists()
    assert not ActionPage.objects.filter(status=ActionStatus.PLANNED).exists()
    assert not ActionStatusChange.objects.exists()
    assert not Organisation.objects.exclude(kind="").exists()


def test_the_history_is_a_sheet_with_its_categories(client):
    sheet = page_at(SHEET)
    assert isinstance(sheet, HistorySheetPage) and sheet.year == 2007
    assert sheet.essential_for == ["equipe", "partenaires", "pouvoirs-publics", "grand-public"]
    assert {t.slug for t in sheet.thematics.all()} >= {"logement", "mobilite", "sante"}
    html = text(client, SHEET)
    # The publications it names lead to the library; a page not yet published is plain text.
    assert 'href="/ressources/outils-et-publications/actes-colloque-namur-2007/"' in html
    # There is no "Fiche 24" on the site: the seed's words, as plain text.
    assert "(Voir Fiche 24)" in html
    assert "(<a>voir parcours d’intégration</a>)" in html  # a draft: no link yet
    page_at("/actions-services/parcours-integration/").save_revision().publish()
    html = text(client, SHEET)
    assert '(<a href="/actions-services/parcours-integration/">voir parcours' in html
    # Thematic pages list the sheets that cross them.
    for thematic in ("logement", "mobilite", "sante"):
        assert f'href="{SHEET}"' in text(client, f"/thematiques/{thematic}/")
    assert f'href="{SHEET}"' not in text(client, "/thematiques/asile/")


def test_the_pages_the_seeds_give_text_for_are_published(client):
    assert "domicile légal reconnu" in text(client, "/presentation/qui-sommes-nous/")
    assert "décret du 30 avril 2009" in text(client, "/presentation/missions-decretales/")
    interpellation = text(client, "/actions-services/interpellation/")
    assert french_typography("une tradition d'interpellation s'est instaurée") in interpellation
    assert 'href="/ressources/outils-et-publications/a-nous-la-parole/"' in interpellation


def test_the_generated_booklet_has_no_extraction_leftovers():
    paragraphs = booklet_paragraphs(BOOKLET_TEXT.read_text(encoding="utf-8"))
    whole = "\n".join(paragraphs)
    for leftover in ("**", "*", "<i>", "</i>", "ap- proche", "ci- toyenneté"):
        assert leftover not in whole, leftover
    assert "Promouvoir l'approche interculturelle" in whole
    # A sentence cut by a page break is one paragraph again.
    assert any("Il revient avec insistance sur l'impulsion" in p for p in paragraphs)
    # The source's web addresses are links in the PDF.
    reader = PdfReader(io.BytesIO(booklet_pdf()))
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    }
    assert {
        "http://cohesionsociale.wallonie.be",
        "https://wallex.wallonie.be/index.php?doc=21579&rev=30550-20682",
    } <= uris
    assert "**" not in "".join(page.extract_text() for page in reader.pages)


def test_an_existing_database_is_updated_but_staff_edits_are_kept():
    """What the first loader wrote is brought in line; what a person edited is not."""
    editor = get_user_model().objects.create_user("redaction", password="x")
    edited = ActionPage.objects.get(number="18.2")
    edited.status, edited.progress = ActionStatus.IN_PROGRESS, 40
    edited.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    stale = ActionPage.objects.get(number="18.1")  # as the first loader left it
    stale.priority, stale.status, stale.progress = False, ActionStatus.PLANNED, 0
    stale.save_revision(log_action=False).publish(log_action=False)
    ActionStatusChange.objects.create(action=stale, status=ActionStatus.PLANNED, progress=0)
    group = WorkingGroupPage.objects.get(slug="gt-logement")
    group.description = "À cet effet, nous prévoyons six groupes de travail (GT)…"
    group.save_revision(log_action=False).publish(log_action=False)
    pages = Page.objects.count()

    out = io.StringIO()
    call_command("load_initial_content", stdout=out)

    stale.refresh_from_db()
    assert (stale.priority, stale.status, stale.progress) == (None, ActionStatus.UNKNOWN, None)
    assert not stale.status_changes.exists()
    edited.refresh_from_db()
    assert (edited.status, edited.progress) == (ActionStatus.IN_PROGRESS, 40)
    assert edited.status_changes.get().changed_by == editor
    group.refresh_from_db()
    assert group.description.startswith("Groupe de travail de l'axe 3°")
    assert Page.objects.count() == pages
    # Run again: nothing left to do.
    out = io.StringIO()
    call_command("load_initial_content", stdout=out)
    assert "0 page(s) créée(s), dont 0 brouillon(s) à rédiger par l'équipe, 0 mise(s) à jour" in (
        out.getvalue()
    )
