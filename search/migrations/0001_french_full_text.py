"""French full text on the database backend: stemming and folded accents, on both databases.

- SQLite: Wagtail's FTS5 table uses the bare ``unicode61`` tokenizer (no stemming); it is
  rebuilt with ``porter unicode61 remove_diacritics 2``, which folds accents and strips
  plural endings ("répertoires" → "repertoir", as "répertoire").
- PostgreSQL: a ``french_unaccent`` text search configuration (the ``french`` stemmer after
  ``unaccent``), named by SEARCH_CONFIG in the settings.
"""

from django.db import migrations

FTS_TABLE = "wagtailsearch_indexentry_fts"
FTS_COLUMNS = "autocomplete, body, title"
SQLITE_TOKENIZERS = {
    "french": "porter unicode61 remove_diacritics 2",
    "wagtail": "unicode61",
}

POSTGRES_CONFIG = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""


def rebuild_sqlite_fts(schema_editor, tokenizer):
    """Recreate the FTS5 table with another tokenizer and refill it from the index entries."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        if cursor.fetchone() is None:  # SQLite built without FTS5: Wagtail falls back
            return
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({FTS_COLUMNS}, tokenize = '{tokenizer}')"
        )
        # Wagtail's triggers on the index entries keep the rebuilt table in step.
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, autocomplete, body, title) "
            "SELECT id, autocomplete, body, title FROM wagtailsearch_indexentry"
        )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        rebuild_sqlite_fts(schema_editor, SQLITE_TOKENIZERS["french"])
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CONFIG)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        rebuild_sqlite_fts(schema_editor, SQLITE_TOKENIZERS["wagtail"])
    elif vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")


class Migration(migrations.Migration):
    """French stemming and accent folding for the database search backend."""

    dependencies = [
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
