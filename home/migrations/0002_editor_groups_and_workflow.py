"""Create the "Rédaction" and "Publication" groups and a site-wide moderation workflow."""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Rédaction": ["add_page", "change_page", "lock_page"],
    "Publication": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
MODEL_PERMISSIONS = {
    "Rédaction": [("home", "person", ["add_person", "change_person", "view_person"])],
    "Publication": [
        ("home", "person", ["add_person", "change_person", "delete_person", "view_person"]),
        ("home", "contactsettings", ["change_contactsettings"]),
        ("wagtailforms", "formsubmission", ["view_formsubmission"]),
    ],
}
WORKFLOW_NAME = "Relecture avant publication"


def get_permission(apps, app_label, model, codename):
    # Permissions are normally created after migrate; a fresh database may not have them yet.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    action, _, _ = codename.partition("_")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action} {model}"},
    )
    return permission


def create_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    access_admin = get_permission(apps, "wagtailadmin", "admin", "access_admin")

    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(access_admin)
        for app_label, model, model_codenames in MODEL_PERMISSIONS[name]:
            for codename in model_codenames:
                group.permissions.add(get_permission(apps, app_label, model, codename))
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=get_permission(apps, "wagtailcore", "page", codename),
            )
        for app_label, model, collection_codenames in COLLECTION_PERMISSIONS:
            for codename in collection_codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=get_permission(apps, app_label, model, codename),
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name="Validation par l'équipe Publication").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Validation par l'équipe Publication", content_type=task_type, active=True
        )
    task.groups.add(groups["Publication"])
    workflow, created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    # One workflow per page: the root's workflow covers the whole site.
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def remove_groups_and_workflow(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PAGE_PERMISSIONS).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
