"""Audience moves here from ppli, where its table was created: the model only enters this
app's state, and keeps its table (ppli_audience), rows and ids. ppli's 0010 lets go of it and
moves its content type, hence its permissions; resources' 0009 points its field here."""

import modelsearch.index
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Audience",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="En toutes lettres, tel qu'il s'affiche sur le site ; "
                                "deux fiches ne peuvent porter le même nom.",
                                max_length=255,
                                unique=True,
                                verbose_name="nom",
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                blank=True,
                                help_text="Laissé vide, il est tiré du nom.",
                                max_length=255,
                                unique=True,
                                verbose_name="identifiant d'adresse",
                            ),
                        ),
                        (
                            "description",
                            models.TextField(
                                blank=True,
                                help_text="Une ou deux phrases sur ce public, affichées en tête "
                                "de sa page.",
                                verbose_name="description",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "public",
                        "verbose_name_plural": "publics",
                        "db_table": "ppli_audience",
                        "ordering": ["name"],
                        "abstract": False,
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
        ),
    ]
