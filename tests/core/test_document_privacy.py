"""A restricted page that links a document anyone can open: the editor is told in the page's
editor and on the dashboard (core/document_privacy.py)."""

import json
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from core.document_privacy import public_documents_linked_from
from testing.factories import ContentPageFactory
from tests.conftest import page_at
from tests.dashboard import DASHBOARD, make_coordinator, make_redacteur

pytestmark = pytest.mark.django_db

SECTION = "/admin/guide/#documents-ouverts-a-tous-sur-des-pages-protegees"
PANEL = "Documents ouverts à tous sur des pages protégées"


def document(title, collection=None):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 test", name="compte-rendu.pdf"),
        collection=collection or Collection.get_first_root_node(),
    )


def page_linking(*documents, parent=None, title="Réunion du comité"):
    """A published page whose body offers `documents`."""
    page = ContentPageFactory(parent=parent or page_at("/presentation/"), title=title)
    page.body = json.dumps(
        [{"type": "document", "value": {"document": doc.pk, "label": ""}} for doc in documents]
    )
    page.save_revision().publish()
    return page


def protect(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="comite"
    )


def private_collection(name="Comité"):
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_a_restricted_page_with_a_public_document_is_found():
    minutes = document("Compte rendu")
    page = page_linking(minutes)
    assert public_documents_linked_from(Page.objects.all()) == {}  # the page is public
    protect(page)
    assert public_documents_linked_from(Page.objects.all()) == {page.pk: [minutes]}


def test_a_page_under_a_restricted_one_is_restricted_too():
    minutes = document("Compte rendu")
    parent = page_linking(title="Espace du comité")
    child = page_linking(minutes, parent=parent)
    protect(parent)
    assert public_documents_linked_from(Page.objects.all()) == {child.pk: [minutes]}


def test_a_document_in_a_restricted_collection_or_below_is_not():
    private = private_collection()
    below = private.add_child(name="Comité 2026")
    public, kept, kept_below = (
        document("Ordre du jour"),
        document("PV", private),
        document("Budget", below),
    )
    page = page_linking(kept, public, kept_below)
    protect(page)
    assert public_documents_linked_from(Page.objects.all()) == {page.pk: [public]}


@pytest.fixture
def exposed():
    """A protected page of the « Présentation » section offering two public documents."""
    page = page_linking(document("Compte rendu"), document("Liste des membres"))
    protect(page)
    return page


def test_the_editor_warns_in_the_page(client, exposed, django_user_model):
    client.force_login(make_redacteur(django_user_model))
    html = unescape(client.get(f"/admin/pages/{exposed.pk}/edit/").content.decode())
    assert (
        "Cette page est protégée, mais ses documents « Compte rendu », « Liste des membres » "
        "s'ouvrent pour tout le monde par leur adresse" in html
    )
    assert f'href="{SECTION}"' in html


def test_no_warning_once_the_documents_are_private(client, exposed, django_user_model):
    get_document_model().objects.update(collection=private_collection())
    client.force_login(make_redacteur(django_user_model))
    html = unescape(client.get(f"/admin/pages/{exposed.pk}/edit/").content.decode())
    assert "Cette page est protégée" not in html


def test_the_dashboard_lists_the_page_for_those_who_edit_it(client, exposed, django_user_model):
    client.force_login(make_redacteur(django_user_model))
    html = unescape(client.get(DASHBOARD).content.decode())
    assert PANEL in html
    assert re.search(
        rf'<a href="/admin/pages/{exposed.pk}/edit/">Réunion du comité</a> — '
        r'<span class="dashboard-panel__note">Compte rendu, Liste des membres</span>',
        html,
    )
    assert f'href="{SECTION}"' in html
    guide = client.get(SECTION.split("#")[0]).content.decode()
    assert f'id="{SECTION.split("#")[1]}"' in guide

    # Coordination PPLI edits the PPLI section only: not this page, not the panel.
    client.force_login(make_coordinator(django_user_model))
    assert PANEL not in client.get(DASHBOARD).content.decode()
