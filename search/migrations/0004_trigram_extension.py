"""PostgreSQL: the ``pg_trgm`` extension, with which the search suggests a spelling that the
site's titles use (« Vouliez-vous dire : interprétariat ? », search/suggestions.py).

SQLite has no such extension: nothing to do there, and the search suggests nothing.
``pg_trgm`` is a trusted extension (PostgreSQL ≥ 13): the database's owner may create it, as
``unaccent`` in 0001. Going back leaves it in place: other code of the database may use it.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    """Trigram similarity on PostgreSQL, for the search's spelling suggestions."""

    dependencies = [
        ("search", "0003_french_query_side_stemming"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
