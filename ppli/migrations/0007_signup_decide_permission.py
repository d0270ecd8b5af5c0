"""Staff accept or refuse a sign-up request, they never edit it: the "Coordination PPLI" group
trades the change permission for the new decide permission (and keeps view)."""

from django.db import migrations

GROUP = "Coordination PPLI"
APP_LABEL, MODEL = "ppli", "workinggroupsignup"
PERMISSION_NAMES = {
    "view_workinggroupsignup": "Can view working group signup",
    "change_workinggroupsignup": "Can change working group signup",
    "decide_workinggroupsignup": "Peut accepter ou refuser une inscription",
}


def get_permission(apps, codename):
    # Permissions are normally created after migrate; a fresh database may lack them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=APP_LABEL, model=MODEL)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": PERMISSION_NAMES[codename]},
    )
    return permission


def grant_decide(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(
        get_permission(apps, "view_workinggroupsignup"),
        get_permission(apps, "decide_workinggroupsignup"),
    )
    group.permissions.remove(get_permission(apps, "change_workinggroupsignup"))


def restore_change(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.add(get_permission(apps, "change_workinggroupsignup"))
        group.permissions.remove(get_permission(apps, "decide_workinggroupsignup"))


class Migration(migrations.Migration):
    dependencies = [("ppli", "0006_history_without_loader_entries")]

    operations = [
        migrations.AlterModelOptions(
            name="workinggroupsignup",
            options={
                "ordering": ["-created_at", "pk"],
                "permissions": [
                    ("decide_workinggroupsignup", "Peut accepter ou refuser une inscription")
                ],
                "verbose_name": "inscription à un groupe de travail",
                "verbose_name_plural": "inscriptions aux groupes de travail",
            },
        ),
        migrations.RunPython(grant_decide, restore_change),
    ]
