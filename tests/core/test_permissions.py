"""Deleting is for those who answer for it (core/permissions.py): pages, documents, images."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.permissions import policy_registry

from resources.initial_content import BOOKLET_TITLE
from resources.models import ResourcePage
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"


def make_user(group_name, username=None):
    user = get_user_model().objects.create_user(
        username=username or group_name.lower(), password="x"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def booklet():
    return get_document_model().objects.get(title=BOOKLET_TITLE)


def new_document(user=None, title="Note interne"):
    document = get_document_model()(title=title, uploaded_by_user=user)
    document.file.save("note-interne.txt", ContentFile(b"Une note."), save=False)
    document.save()
    return document


def new_image(user=None):
    image = get_image_model()(title="Photo", file=get_test_image_file(), uploaded_by_user=user)
    image.save()
    return image


def test_redaction_has_no_delete_permission_on_documents_or_images():
    redaction = make_user("Rédaction")
    for model in (get_document_model(), get_image_model()):
        policy = policy_registry.get_by_type(model)
        assert not policy.user_has_permission(redaction, "delete"), model
        assert policy.user_has_permission(redaction, "change"), model
        assert policy.user_has_permission(redaction, "add"), model


def test_redaction_cannot_delete_even_what_it_uploaded(client):
    redaction = make_user("Rédaction")
    document, image = new_document(redaction), new_image(redaction)
    client.force_login(redaction)
    for url in (f"/admin/documents/delete/{document.pk}/", f"/admin/images/{image.pk}/delete/"):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert get_document_model().objects.filter(pk=document.pk).exists()
    assert get_image_model().objects.filter(pk=image.pk).exists()
    # Editing stays theirs: the edit page opens and says who may delete.
    response = client.get(f"/admin/documents/edit/{document.pk}/")
    assert response.status_code == 200
    assert "Seule l'équipe Publication peut supprimer les documents." in response.text
    assert f"/admin/documents/delete/{document.pk}/" not in response.text


def test_publication_deletes_an_unused_document_and_image(client):
    client.force_login(make_user("Publication"))
    document, image = new_document(), new_image()
    assert client.post(f"/admin/documents/delete/{document.pk}/").status_code == 302
    assert client.post(f"/admin/images/{image.pk}/delete/").status_code == 302
    assert not get_document_model().objects.filter(pk=document.pk).exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()


def test_a_document_in_use_is_kept_and_the_refusal_lists_its_uses(client, booklet):
    """The booklet a Rédaction editor once deleted: its resource page still links it."""
    uses = ResourcePage.objects.filter(document=booklet)
    assert uses.exists()
    client.force_login(make_user("Publication"))

    response = client.post(f"/admin/documents/delete/{booklet.pk}/")

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert get_document_model().objects.filter(pk=booklet.pk).exists()
    page = client.get(f"/admin/documents/edit/{booklet.pk}/").text
    assert "Ce document est utilisé ici :" in page
    for resource in uses:
        assert f'<a href="/admin/pages/{resource.pk}/edit/">{escape(resource.title)}</a>' in page
    assert "seul un administrateur peut le supprimer" in page
    assert f"/admin/documents/delete/{booklet.pk}/" not in page


def test_an_administrator_may_delete_a_document_in_use(client, booklet):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x"))
    assert (
        "Ce document est utilisé ici" not in client.get(f"/admin/documents/edit/{booklet.pk}/").text
    )
    assert client.post(f"/admin/documents/delete/{booklet.pk}/").status_code == 302
    assert not get_document_model().objects.filter(pk=booklet.pk).exists()


def test_bulk_delete_leaves_out_what_the_user_may_not_delete(client, booklet):
    client.force_login(make_user("Publication"))
    unused = new_document()
    response = client.post(
        reverse("wagtail_bulk_action", args=(*model_key(get_document_model()), "delete"))
        + f"?id={unused.pk}&id={booklet.pk}",
        {},
    )
    assert response.status_code == 302
    assert get_document_model().objects.filter(pk=booklet.pk).exists()
    assert not get_document_model().objects.filter(pk=unused.pk).exists()


def model_key(model):
    return model._meta.app_label, model._meta.model_name


def draft_child(parent, owner, title="Brouillon de test"):
    page = ThematicPage(title=title, slug="brouillon-de-test", live=False, owner=owner)
    parent.add_child(instance=page)
    return page


def test_redaction_deletes_no_page_not_even_its_own_draft(client):
    redaction = make_user("Rédaction")
    parent = page_at("/thematiques/")
    draft = draft_child(parent, redaction)
    assert not draft.permissions_for_user(redaction).can_delete()
    client.force_login(redaction)
    response = client.post(f"/admin/pages/{draft.pk}/delete/")
    assert response.status_code == 302
    assert type(draft).objects.filter(pk=draft.pk).exists()
    assert f"/admin/pages/{draft.pk}/delete/" not in client.get(f"/admin/pages/{parent.pk}/").text


def test_publication_deletes_a_draft(client):
    publication = make_user("Publication")
    draft = draft_child(page_at("/thematiques/"), make_user("Rédaction"))
    assert draft.permissions_for_user(publication).can_delete()
    client.force_login(publication)
    assert client.post(f"/admin/pages/{draft.pk}/delete/").status_code == 302
    assert not type(draft).objects.filter(pk=draft.pk).exists()


def test_copying_the_plan_is_for_coordination_and_publication(client):
    plan = page_at(PLAN)
    redaction = make_user("Rédaction")
    assert not plan.permissions_for_user(redaction).can_copy()
    assert plan.permissions_for_user(make_user("Coordination PPLI")).can_copy()
    assert plan.permissions_for_user(make_user("Publication")).can_copy()
    # Elsewhere, Rédaction still copies a page (a news item to start from, say).
    assert page_at("/presentation/").permissions_for_user(redaction).can_copy()
    client.force_login(redaction)
    assert client.get(f"/admin/pages/{plan.pk}/copy/").status_code == 302


def test_the_group_editor_shows_the_delete_rights(client):
    """An administrator sees and can change who may delete files in the group editor
    (Wagtail's own panels list add, edit and choose only)."""
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x"))
    publication = Group.objects.get(name="Publication")
    page = client.get(f"/admin/groups/edit/{publication.pk}/").text
    assert "Suppression des documents" in page and "Suppression des images" in page
    assert 'name="document_delete_permissions-0-permissions"' in page
    assert publication.collection_permissions.filter(
        permission__codename="delete_document"
    ).exists()
