"""A page edit post without its StreamField's block count gets a 400 in French, not a 500."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import page_at

pytestmark = pytest.mark.django_db


def test_an_edit_post_without_body_count_is_refused_and_saves_nothing(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x"))
    page = page_at("/protection-des-donnees/")
    latest = page.latest_revision_id
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {"title": "Titre forgé", "slug": "protection-des-donnees", "intro": "Forgé"},
    )
    assert response.status_code == 400
    assert "Requête invalide" in response.content.decode()
    page.refresh_from_db()
    assert page.title != "Titre forgé"
    assert page.latest_revision_id == latest
