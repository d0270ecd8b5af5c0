"""The "Publication" group manages the editor's picks (Paramètres › Résultats de recherche promus)."""

from django.db import migrations

GROUP = "Publication"
CODENAMES = ["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:  # removed by the site's administrators: nothing to grant
        return
    # Permissions are normally created after migrate; a fresh database may lack them.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailsearchpromotions", model="searchpromotion"
    )
    for codename in CODENAMES:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} search promotion"},
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="wagtailsearchpromotions", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_french_full_text"),
        ("home", "0002_editor_groups_and_workflow"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
