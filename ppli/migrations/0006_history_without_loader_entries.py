"""An action's follow-up history tells what people published: the entries the first loader
wrote at each load (no person behind them) are removed, and a resource's year is filled from
its date. The new facts of the booklet reach the pages themselves through
`load_initial_content`, which rewrites only what no person has edited."""

from django.db import migrations


def remove_loader_entries(apps, schema_editor):
    ActionStatusChange = apps.get_model("ppli", "ActionStatusChange")
    # Until this change the history recorded no author: an entry written within a second of
    # the action's first publication is the loader's, made as it created the page.
    for change in ActionStatusChange.objects.select_related("action").filter(
        changed_by__isnull=True
    ):
        first = change.action.first_published_at
        if first is not None and abs((change.changed_at - first).total_seconds()) < 1:
            change.delete()


class Migration(migrations.Migration):
    dependencies = [("ppli", "0005_unknown_follow_up_history_sheets")]

    operations = [migrations.RunPython(remove_loader_entries, migrations.RunPython.noop)]
