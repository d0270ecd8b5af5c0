"""One way to choose (issue: the resource form): the plan's objectives and actions with the
type-ahead of the plan's pages, thematics as boxes to tick as everywhere; a document is given a
real title, and those still titled by their file name are listed on the dashboard."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from resources.initial_content import BOOKLET_TITLE
from resources.models import ResourcePage, documents_titled_by_file_name, file_name_titles

# The plan editor's tests' fixture signs a Rédaction editor in (every test here runs as one);
# SEARCH is wagtail-autocomplete's endpoint.
from tests.ppli.test_action_editor import SEARCH, editor  # noqa: F401
from tests.resources.test_documents import make_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("editor")]


def test_the_resource_form_chooses_like_the_plan_pages(client):
    resource = ResourcePage.objects.first()
    html = client.get(f"/admin/pages/{resource.pk}/edit/").content.decode()
    for field in ("related_objectives", "related_actions", "audiences"):
        assert f'data-autocomplete-input-name="{field}"' in html, field
    assert '<select name="related_objectives"' not in html
    assert 'data-autocomplete-input-name="thematics"' not in html
    assert 'type="checkbox" name="thematics"' in html


@pytest.mark.parametrize("query", ["logement", "LOGEMENT", "Objectif 16", "objectif 16"])
def test_objectives_are_found_accents_and_capitals_aside(client, query):
    response = client.post(SEARCH, {"type": "ppli.ObjectivePage", "query": query})
    titles = [item["title"] for item in response.json()["items"]]
    assert any(title.startswith("Objectif 16") for title in titles), titles


def test_actions_are_found_by_number(client):
    response = client.post(SEARCH, {"type": "ppli.ActionPage", "query": "action 16.1"})
    assert [item["title"][:11] for item in response.json()["items"]] == ["Action 16.1"]


@pytest.mark.parametrize(
    "path, title, expected",
    [
        ("documents/rapport-audit-2026.pdf", "rapport-audit-2026", True),
        ("documents/rapport-audit-2026_AbC12xZ.pdf", "rapport-audit-2026", True),
        ("documents/rapport-audit-2026.pdf", "Rapport-Audit-2026.pdf", True),
        ("documents/rapport-audit-2026.pdf", "Rapport d'audit 2026", False),
    ],
)
def test_a_title_taken_from_the_file_name_is_recognised(path, title, expected):
    assert (title.lower() in file_name_titles(path)) is expected


def test_the_dashboard_lists_documents_still_titled_by_their_file_name(client):
    document = get_document_model()(title="rapport-audit-2026")
    document.file.save("rapport-audit-2026.pdf", ContentFile(make_pdf("Audit")), save=False)
    document.save()
    assert list(documents_titled_by_file_name()) == [document]
    assert not get_document_model().objects.get(title=BOOKLET_TITLE).is_titled_by_file_name()

    html = client.get("/admin/").content.decode()
    assert "1 document porte encore le nom de son fichier pour titre" in html
    assert f'<a href="/admin/documents/edit/{document.pk}/">rapport-audit-2026</a>' in html

    document.title = "Rapport d'audit 2026"
    document.save()
    assert "porte encore le nom" not in client.get("/admin/").content.decode()


def test_the_upload_form_asks_for_a_real_title(client):
    html = client.get("/admin/documents/add/").content.decode()
    assert "pas le nom du fichier" in html
    assert "resources/admin/document-title" in html
