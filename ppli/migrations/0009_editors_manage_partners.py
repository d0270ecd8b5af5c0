"""Editors name partners and audiences themselves: Rédaction, Publication and Coordination
PPLI add and change organisations and audiences (Publication also deletes them). Until now
only superusers could, so an action could not name a partner missing from the list."""

from django.db import migrations

CAN_EDIT = ["add", "change", "view"]
GRANTS = {
    "Rédaction": CAN_EDIT,
    "Publication": [*CAN_EDIT, "delete"],
    "Coordination PPLI": CAN_EDIT,
}
MODELS = ["organisation", "audience"]


def permissions(apps, actions):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # Permissions are normally created after migrate; a fresh database may lack them.
        content_type, _ = ContentType.objects.get_or_create(app_label="ppli", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            yield permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, actions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*permissions(apps, actions))


class Migration(migrations.Migration):
    dependencies = [("ppli", "0008_help_texts")]

    operations = [migrations.RunPython(grant, revoke)]
