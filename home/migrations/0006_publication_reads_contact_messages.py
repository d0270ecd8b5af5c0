"""Only the Publication group (and superusers) reads the contact form's messages: it holds the
permission that home/wagtail_hooks.py now requires, whatever its page permissions."""

from django.db import migrations

GROUP = "Publication"
PERMISSION = ("wagtailforms", "formsubmission", "view_formsubmission")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model, codename = PERMISSION
    # Permissions are normally created after migrate; a fresh database may lack them.
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can view {model}"}
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_paragraph_footnotes_signatures"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
    ]

    # Going back leaves the permission: migration 0002 granted it already.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
