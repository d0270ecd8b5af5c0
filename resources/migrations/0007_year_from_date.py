"""A resource's year is filled from its date where one is known (the library filters by year)."""

from django.db import migrations
from django.db.models.functions import ExtractYear


def fill_years(apps, schema_editor):
    ResourcePage = apps.get_model("resources", "ResourcePage")
    ResourcePage.objects.filter(date__isnull=False, year__isnull=True).update(
        year=ExtractYear("date")
    )


class Migration(migrations.Migration):
    dependencies = [("resources", "0006_resource_year")]

    operations = [migrations.RunPython(fill_years, migrations.RunPython.noop)]
