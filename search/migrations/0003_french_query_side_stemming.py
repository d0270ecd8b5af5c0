"""SQLite: index words as written, accents folded; French stemming moves to the query.

0001 gave FTS5 the ``porter`` tokenizer, an *English* stemmer that mangles French words
("interprétariat" and "interprète" never meet). The table is rebuilt with
``unicode61 remove_diacritics 2`` alone: the index keeps whole folded words and the
French-aware backend (search/backends.py) stems each searched word with Snowball's French
stemmer and matches it as a prefix ("interprète" → ``interpret*`` finds "interprétariat").
PostgreSQL keeps its ``french_unaccent`` configuration.
"""

from importlib import import_module

from django.db import migrations

# The rebuild of 0001, reused: a module whose name starts with a digit is imported by name.
rebuild_sqlite_fts = import_module("search.migrations.0001_french_full_text").rebuild_sqlite_fts

TOKENIZERS = {
    "query_side_french": "unicode61 remove_diacritics 2",
    "porter": "porter unicode61 remove_diacritics 2",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        rebuild_sqlite_fts(schema_editor, TOKENIZERS["query_side_french"])


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        rebuild_sqlite_fts(schema_editor, TOKENIZERS["porter"])


class Migration(migrations.Migration):
    """Whole folded words in SQLite's full-text index (French stemming at query time)."""

    dependencies = [
        ("search", "0002_publication_manages_promotions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
