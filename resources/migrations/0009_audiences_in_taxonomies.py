"""ResourcePage.audiences now points to taxonomies.Audience: the same table (ppli_audience),
so only the migration state changes; the links table and its rows stay as they are."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0008_help_texts"),
        ("taxonomies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="resourcepage",
                    name="audiences",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="Tapez le début d'un public et choisissez : affiché sur la "
                        "ressource et dans le filtre « Public ».",
                        related_name="resources",
                        to="taxonomies.audience",
                        verbose_name="publics",
                    ),
                ),
            ],
        ),
    ]
