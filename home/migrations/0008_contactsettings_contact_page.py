import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_help_texts"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactsettings",
            name="contact_page",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Le formulaire proposé aux visiteurs pour écrire au centre, par exemple "
                    "depuis la page « Page introuvable » pour signaler un lien cassé."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.page",
                verbose_name="page de contact",
            ),
        ),
    ]
