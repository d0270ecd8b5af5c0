"""Audience leaves ppli for taxonomies (taxonomies' 0001), table, rows and ids unchanged.

Its links (actions' "Pour qui ?", history sheets) point there in the migration state only: the
database tables already reference ppli_audience, which the model keeps. Its content type row is
renamed (ppli, audience) → (taxonomies, audience), so its id, hence the permissions granted to
the editors' groups (0009), the admin's history of each audience and the search index entries,
stay attached to it.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

MODEL = "audience"


def move_content_type(from_app, to_app):
    """A RunPython function that gives the audience content type of `from_app` to `to_app`."""

    def move(apps, schema_editor):
        db = schema_editor.connection.alias
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(db)
        moving = content_types.filter(app_label=from_app, model=MODEL).first()
        if moving is None:
            # Never created (nothing was granted): post_migrate creates the new one.
            return
        twin = content_types.filter(app_label=to_app, model=MODEL).first()
        if twin is not None:
            # Both exist only if post_migrate ran between 0009 and this migration (`migrate
            # taxonomies` alone), or if 0009 was replayed on a finished database (a test
            # database rebuilt: tests/conftest.py, restore_editor_groups). The newer row was
            # made moments ago, so only permissions point to it: the older row takes them.
            older, newer = sorted([moving, twin], key=lambda content_type: content_type.pk)
            merge_permissions(apps, db, newer, into=older)
            newer.delete()
            moving = older
        moving.app_label = to_app
        moving.save(update_fields=["app_label"])

    return move


def merge_permissions(apps, db, source, into):
    """Move the permissions of content type `source`, and their grants, to `into`."""
    Permission = apps.get_model("auth", "Permission")
    kept = {p.codename: p for p in Permission.objects.using(db).filter(content_type=into)}
    for permission in Permission.objects.using(db).filter(content_type=source):
        same = kept.get(permission.codename)
        if same is None:
            permission.content_type = into
            permission.save(update_fields=["content_type"])
            continue
        for group in permission.group_set.all():
            group.permissions.add(same)
        for user in permission.user_set.all():
            user.user_permissions.add(same)
        permission.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ppli", "0009_editors_manage_partners"),
        ("taxonomies", "0001_initial"),
        # Every field that points to ppli.Audience must point elsewhere before it is deleted.
        ("resources", "0009_audiences_in_taxonomies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="actionaudience",
                    name="audience",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_links",
                        to="taxonomies.audience",
                        verbose_name="public",
                    ),
                ),
                migrations.AlterField(
                    model_name="historysheetpage",
                    name="audiences",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="Les publics du PPLI visés ; les autres s'écrivent dans le "
                        "champ suivant.",
                        related_name="history_sheets",
                        to="taxonomies.audience",
                        verbose_name="publics ciblés",
                    ),
                ),
            ],
        ),
        migrations.RunPython(
            move_content_type("ppli", "taxonomies"), move_content_type("taxonomies", "ppli")
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Audience")],
        ),
    ]
