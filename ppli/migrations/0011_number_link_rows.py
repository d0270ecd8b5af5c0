"""Number the ordered rows that the importer wrote without a sort_order.

Rows without one came back in whatever order the database picked (PostgreSQL does not keep
the insertion order): each parent's rows are numbered in the order they were written.
"""

from django.db import migrations

# (model, the parent's field)
ORDERED_ROWS = [
    ("ActionOrganisation", "action_id"),
    ("ActionAudience", "action_id"),
    ("WorkingGroupMember", "group_id"),
    ("KeyIssue", "axis_id"),
]


def number_rows(apps, schema_editor):
    for model_name, parent in ORDERED_ROWS:
        model = apps.get_model("ppli", model_name)
        parents = model.objects.filter(sort_order__isnull=True).values_list(parent, flat=True)
        for parent_id in set(parents):
            rows = model.objects.filter(**{parent: parent_id}).order_by("sort_order", "pk")
            for n, row in enumerate(rows):
                if row.sort_order != n:
                    row.sort_order = n
                    row.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [("ppli", "0010_audience_to_taxonomies")]

    operations = [migrations.RunPython(number_rows, migrations.RunPython.noop)]
