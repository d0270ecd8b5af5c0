"""The "Coordination PPLI" group: the only one that sees and decides working-group sign-ups."""

from django.db import migrations

GROUP = "Coordination PPLI"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("ppli", "workinggroupsignup", "view_workinggroupsignup"),
    ("ppli", "workinggroupsignup", "change_workinggroupsignup"),
    ("ppli", "pplisettings", "change_pplisettings"),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        # Permissions are normally created after migrate; a fresh database may lack them.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} {model}"},
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ppli", "0002_working_group_signups"),
        ("home", "0002_editor_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
