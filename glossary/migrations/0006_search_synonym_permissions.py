"""Publication manages the search synonyms (Fragments › Synonymes de recherche); Rédaction reads
them. A synonym changes search results at once, with no draft: it is the publishers' call."""

from django.db import migrations

MODEL = "searchsynonym"
PERMISSIONS = {
    "Rédaction": ["view"],
    "Publication": ["add", "change", "view", "delete"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are normally created after migrate; a fresh database may lack them.
    content_type, _ = ContentType.objects.get_or_create(app_label="glossary", model=MODEL)
    for name, actions in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:  # removed by the site's administrators: nothing to grant
            continue
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{MODEL}",
                defaults={"name": f"Can {action} search synonym"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="glossary", codename__endswith=MODEL).delete()


class Migration(migrations.Migration):
    """The editor groups' rights on the search synonyms."""

    dependencies = [
        ("glossary", "0005_search_synonyms"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
