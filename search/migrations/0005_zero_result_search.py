"""The searches that found nothing, per query and day (search.models.ZeroResultSearch)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    """The table behind the dashboard's « Recherches sans résultat »."""

    initial = True

    dependencies = [
        ('search', '0004_trigram_extension'),
    ]

    operations = [
        migrations.CreateModel(
            name='ZeroResultSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('query_string', models.CharField(help_text='Les mots cherchés, en minuscules, comme Wagtail les enregistre.', max_length=255, verbose_name='recherche')),
                ('date', models.DateField(verbose_name='jour')),
                ('hits', models.PositiveIntegerField(default=1, verbose_name='nombre de recherches')),
            ],
            options={
                'verbose_name': 'recherche sans résultat',
                'verbose_name_plural': 'recherches sans résultat',
                'indexes': [models.Index(fields=['date'], name='search_zeroresult_date')],
                'constraints': [models.UniqueConstraint(fields=('query_string', 'date'), name='search_zeroresult_query_date')],
            },
        ),
    ]
