"""The Rédaction and Publication groups and the site-wide moderation workflow."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage

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
    for url in ["/", "/thematiques/asile/", "/ressources/"]:
        workflow = page_at(url).get_workflow()
        assert workflow is not None and workflow.name == "Relecture avant publication"
        task = workflow.tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == ["Publication"]
    assert Page.get_first_root_node().get_workflow().active


def test_the_plan_is_reviewed_by_coordination_and_publication():
    for url in ["/ppli/", "/ppli/plan-2017-2020/", "/ppli/plan-2017-2020/logement/objectif-16/"]:
        workflow = page_at(url).get_workflow()
        assert workflow is not None and workflow.name == "Relecture du PPLI", url
        task = workflow.tasks.get().specific
        assert sorted(task.groups.values_list("name", flat=True)) == [
            "Coordination PPLI",
            "Publication",
        ]


def test_coordination_reviews_an_action_redaction_submitted():
    """Coordination is never locked out of its section: it approves what Rédaction submits."""
    action = page_at("/ppli/plan-2017-2020/logement/objectif-16/action-16-1/")
    redaction, coordination = make_user("Rédaction"), make_user("Coordination PPLI")
    action.save_revision(user=redaction)
    workflow_state = action.get_workflow().start(action, redaction)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    actions = [name for name, *_ in task.get_actions(action, coordination)]
    assert "approve" in actions and "reject" in actions
    assert task.user_can_access_editor(action, coordination)
    assert not task.locked_for_user(action, coordination)
    assert task.locked_for_user(action, redaction)
    assert not [name for name, *_ in task.get_actions(action, redaction)]


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


REMOVE_DEFAULT_GROUPS = importlib.import_module(
    "home.migrations.0009_remove_default_wagtail_groups"
)


def test_wagtail_default_groups_are_gone():
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {"Rédaction", "Publication"}
    # Wagtail's default workflow lost its only group: it is retired, the site's one runs.
    default = Workflow.objects.get(name="Moderators approval")
    assert not default.active
    assert not GroupApprovalTask.objects.get(name="Moderators approval").active
    assert Workflow.objects.get(name="Relecture avant publication").active


def make_default_group(name):
    """A group like Wagtail's default one, allowed to publish from the root."""
    group = Group.objects.create(name=name)
    GroupPagePermission.objects.create(
        group=group,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    return group


def test_migration_keeps_a_default_group_that_has_members():
    moderators = make_default_group("Moderators")
    make_default_group("Editors")
    get_user_model().objects.create_user(username="moderatrice").groups.add(moderators)
    task = GroupApprovalTask.objects.get(name="Moderators approval")
    task.active = True
    task.save()
    task.groups.add(moderators)
    Workflow.objects.filter(name="Moderators approval").update(active=True)

    REMOVE_DEFAULT_GROUPS.remove_unused_default_groups(apps, None)

    assert list(
        Group.objects.filter(name__in=["Moderators", "Editors"]).values_list("name", flat=True)
    ) == ["Moderators"]
    assert GroupPagePermission.objects.filter(group=moderators).exists()
    # Its workflow can still be approved by someone: it stays active.
    assert Workflow.objects.get(name="Moderators approval").active
    assert GroupApprovalTask.objects.get(name="Moderators approval").active


def test_migration_leaves_an_assigned_default_workflow_active():
    Workflow.objects.filter(name="Moderators approval").update(active=True)
    default = Workflow.objects.get(name="Moderators approval")
    WorkflowPage.objects.create(page=page_at("/ressources/"), workflow=default)

    REMOVE_DEFAULT_GROUPS.remove_unused_default_groups(apps, None)

    assert Workflow.objects.get(name="Moderators approval").active
