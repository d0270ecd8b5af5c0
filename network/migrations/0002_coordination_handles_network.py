"""Coordination PPLI handles « PPLI 2.0 en action » (network/staff.py): moderates and deletes
field findings, triages and deletes expertise requests, opens and changes consultations (never
deletes one: its answers are the network's), moderates and deletes their answers, and chooses
where the network's sendings go (its settings)."""

from django.db import migrations

GROUP = "Coordination PPLI"
PERMISSIONS = [
    ("fieldfinding", "view_fieldfinding", "Can view field finding"),
    ("fieldfinding", "change_fieldfinding", "Can change field finding"),
    ("fieldfinding", "delete_fieldfinding", "Can delete field finding"),
    ("expertiserequest", "view_expertiserequest", "Can view expertise request"),
    ("expertiserequest", "change_expertiserequest", "Can change expertise request"),
    ("expertiserequest", "delete_expertiserequest", "Can delete expertise request"),
    ("consultation", "view_consultation", "Can view consultation"),
    ("consultation", "add_consultation", "Can add consultation"),
    ("consultation", "change_consultation", "Can change consultation"),
    ("consultationanswer", "view_consultationanswer", "Can view consultation answer"),
    ("consultationanswer", "change_consultationanswer", "Can change consultation answer"),
    ("consultationanswer", "delete_consultationanswer", "Can delete consultation answer"),
    ("networksettings", "change_networksettings", "Can change network settings"),
]


def grant(apps, schema_editor):
    """Give the group the network's permissions (created here if migrate has not yet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    for model, codename, name in PERMISSIONS:
        # Permissions are normally created after migrate; a fresh database may lack them.
        content_type, _ = ContentType.objects.get_or_create(app_label="network", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    """Take them back."""
    codenames = [codename for _model, codename, _name in PERMISSIONS]
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="network", codename__in=codenames)
        )


class Migration(migrations.Migration):
    """After the network's tables and the Coordination PPLI group."""
    dependencies = [
        ("network", "0001_initial"),
        ("ppli", "0003_coordination_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
