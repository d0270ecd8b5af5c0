"""The Rédaction and Publication groups and the site-wide moderation workflow."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

from tests.conftest import page_at

pytestmark = pytest.mark.django_db


def make_user(group_name):
    user = get_user_model().objects.create_user(username=group_name.lower(), password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_redaction_edits_but_cannot_publish():
    user = make_user("Rédaction")
    perms = page_at("/presentation/").permissions_for_user(user)
    assert user.has_perm("wagtailadmin.access_admin")
    assert perms.can_edit()
    assert perms.can_add_subpage()
    assert not perms.can_publish()


def test_publication_can_publish():
    perms = page_at("/presentation/").permissions_for_user(make_user("Publication"))
    assert perms.can_edit()
    assert perms.can_publish()


def test_moderation_workflow_covers_the_whole_site():
    for url in ["/", "/thematiques/asile/", "/ppli/plan-2017-2020/"]:
        workflow = page_at(url).get_workflow()
        assert workflow is not None and workflow.name == "Relecture avant publication"
        task = workflow.tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == ["Publication"]
    assert Page.get_first_root_node().get_workflow().active


def test_editor_submits_for_moderation(client):
    client.force_login(make_user("Rédaction"))
    page = page_at("/protection-des-donnees/")
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Protection des données personnelles",
            "slug": "protection-des-donnees",
            "intro": "Nouvelle introduction",
            "body-count": "0",
            "footnotes-TOTAL_FORMS": "0",
            "footnotes-INITIAL_FORMS": "0",
            "footnotes-MIN_NUM_FORMS": "0",
            "footnotes-MAX_NUM_FORMS": "1000",
            "action-submit": "Soumettre",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert page.intro != "Nouvelle introduction"  # still the published text


def test_publication_manages_the_menu_and_publishes_acronyms():
    publication, redaction = make_user("Publication"), make_user("Rédaction")
    assert publication.has_perm("home.change_navigationsettings")
    assert not redaction.has_perm("home.change_navigationsettings")
    assert publication.has_perm("glossary.publish_abbreviation")
    assert redaction.has_perm("glossary.change_abbreviation")
    assert not redaction.has_perm("glossary.publish_abbreviation")
