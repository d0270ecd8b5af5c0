"""Remove Wagtail's default "Moderators" and "Editors" groups while nobody belongs to them.

Wagtail creates both at installation; the site uses its own groups (0002: Rédaction,
Publication). "Moderators" may publish from the root: an account put in it by mistake would
skip the review. A group that has members is left alone: someone chose to use it.

Wagtail's default workflow "Moderators approval" (one task, the Moderators group) has been
assigned to no page since 0002. Once its task has no group left, it could only stall a page
someone assigned it to, so it is deactivated, like "Désactiver" in the admin, if nothing uses it.
"""

from django.conf import settings
from django.db import migrations

DEFAULT_GROUPS = ["Moderators", "Editors"]
DEFAULT_WORKFLOW = "Moderators approval"


def remove_unused_default_groups(apps, schema_editor):
    """Delete the default groups that have no member, then retire their orphaned workflow."""
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Membership = User.groups.through
    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        if not Membership.objects.filter(group=group).exists():
            # Its page and collection permissions go with it (cascade).
            group.delete()
    deactivate_orphaned_default_workflow(apps)


def deactivate_orphaned_default_workflow(apps):
    """Deactivate "Moderators approval" and its tasks when no group can approve them and no
    page, snippet type or running moderation uses the workflow."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW, active=True):
        task_ids = set(
            WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
        )
        group_tasks = GroupApprovalTask.objects.filter(pk__in=task_ids)
        in_use = (
            WorkflowPage.objects.filter(workflow=workflow).exists()
            or WorkflowContentType.objects.filter(workflow=workflow).exists()
            or WorkflowState.objects.filter(workflow=workflow, status="in_progress").exists()
        )
        orphaned = (
            task_ids
            and group_tasks.count() == len(task_ids)
            and not group_tasks.filter(groups__isnull=False).exists()
        )
        if in_use or not orphaned:
            continue
        workflow.active = False
        workflow.save(update_fields=["active"])
        # A task another active workflow still runs stays as it is.
        shared = WorkflowTask.objects.filter(
            task_id__in=task_ids, workflow__active=True
        ).values_list("task_id", flat=True)
        group_tasks.exclude(pk__in=shared).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_contactsettings_contact_page"),
        # Creates the two groups, then the "Moderators approval" workflow.
        ("wagtailcore", "0002_initial_data"),
        ("wagtailcore", "0048_add_default_workflows"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Nothing to restore: Wagtail's groups were unused and the site's own groups remain.
    operations = [migrations.RunPython(remove_unused_default_groups, migrations.RunPython.noop)]
