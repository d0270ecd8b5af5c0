"""Deleting documents and images becomes a right of its own (core/permissions.py): Publication
holds it on the root collection; Rédaction edits them and no longer deletes them."""

from django.db import migrations

DELETE_PERMISSIONS = [
    ("wagtaildocs", "document", "delete_document"),
    ("wagtailimages", "image", "delete_image"),
]


def grant_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Publication").first()
    root = Collection.objects.filter(depth=1).first()
    if group is None or root is None:
        return
    for app_label, model, codename in DELETE_PERMISSIONS:
        # Permissions are normally created after migrate; a fresh database may lack them.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can delete {model}"},
        )
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def revoke_delete(apps, schema_editor):
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group__name="Publication",
        permission__codename__in=[codename for _, _, codename in DELETE_PERMISSIONS],
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_remove_default_wagtail_groups"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant_delete, revoke_delete)]
