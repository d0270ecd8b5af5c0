"""The Publication group edits the menu and footer links (Paramètres › Menu et pied de page)."""

from django.db import migrations

GROUP = "Publication"
PERMISSION = ("home", "navigationsettings", "change_navigationsettings")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model, codename = PERMISSION
    # Permissions are normally created after migrate; a fresh database may lack them.
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can change {model}"}
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, model, codename = PERMISSION
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0003_navigation_entry_points_logo")]

    operations = [migrations.RunPython(grant, revoke)]
