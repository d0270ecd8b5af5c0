"""Coordination PPLI may delete a sign-up request (a partner asks that its data be erased; the
nightly purge handles the rest), not only an administrator."""

from django.db import migrations

GROUP = "Coordination PPLI"


def grant_delete(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after migrate; a fresh database may lack them.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="ppli", model="workinggroupsignup"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="delete_workinggroupsignup",
        defaults={"name": "Can delete working group signup"},
    )
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke_delete(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(
            *group.permissions.filter(codename="delete_workinggroupsignup")
        )


class Migration(migrations.Migration):
    dependencies = [("ppli", "0015_action_progress_notes")]

    operations = [migrations.RunPython(grant_delete, revoke_delete)]
