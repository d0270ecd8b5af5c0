"""Publication (the communication staff, who edit the agenda) handles the registrations: sees
them, registers people on their behalf, changes needs and attendance (no deletion: the nightly
purge erases them), and chooses the « Formations » and « Sensibilisation » pages in the
agenda's settings."""

from django.db import migrations

GROUP = "Publication"
PERMISSIONS = [
    ("registration", "view_registration", "Can view registration"),
    ("registration", "add_registration", "Can add registration"),
    ("registration", "change_registration", "Can change registration"),
    ("agendasettings", "change_agendasettings", "Can change agenda settings"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    for model, codename, name in PERMISSIONS:
        # Permissions are normally created after migrate; a fresh database may lack them.
        content_type, _ = ContentType.objects.get_or_create(app_label="agenda", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    codenames = [codename for _model, codename, _name in PERMISSIONS]
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="agenda", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("agenda", "0003_agenda_settings")]

    operations = [migrations.RunPython(grant, revoke)]
