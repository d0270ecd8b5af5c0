"""Rédaction proposes acronyms; Publication also publishes them (Fragments › Sigles)."""

from django.db import migrations

MODEL = "abbreviation"
PERMISSIONS = {
    "Rédaction": ["add", "change", "view"],
    "Publication": ["add", "change", "view", "delete", "publish"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are normally created after migrate; a fresh database may lack them.
    content_type, _ = ContentType.objects.get_or_create(app_label="glossary", model=MODEL)
    for name, actions in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{MODEL}",
                defaults={"name": f"Can {action} {MODEL}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="glossary").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0001_initial"),
        ("home", "0002_editor_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
