"""SQLite's FTS5 search backend with French queries (search/database_backends.py)."""

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite.query import (
    Lexeme,
    SearchQueryExpression,
    SQLiteFTSIndexEntry,
)
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import PlainText

from .database_backends import combine, query_words
from .french import search_tokens

# FTS5 columns (search/migrations/0001): autocomplete, body, title. A word in the title counts
# ten times one in the body, as PostgreSQL's weights A and D roughly do: a page titled
# "Répertoire « petite enfance »" outranks a 60-page PDF that says "petite enfance" often.
BM25_COLUMN_WEIGHTS = (0.0, 1.0, 10.0)


class ColumnWeightedBM25(Func):
    """FTS5's bm25() with a weight per column (Wagtail's BM25 weighs them all alike)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(str(weight) for weight in BM25_COLUMN_WEIGHTS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class FrenchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    """FTS5 holds whole folded words (search/migrations/0003): each word is matched by its
    folded French stem as a prefix ("interprète" → ``"interpret"*``)."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            typed = query_words(query)
            if not typed:
                return None
            # Each word: its stem as a prefix, or also the word itself for plurals that do not
            # begin with their stem ("sociaux" → social*, sociaux*).
            lexemes = [
                combine([Lexeme(token, prefix=is_prefix) for token, is_prefix in tokens], "or")
                for tokens in map(search_tokens, typed)
            ]
            return SearchQueryExpression(combine(lexemes, query.operator), config=config)
        return super().build_search_query_content(query, config=config)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # FTS5's bm25() scores the row against the whole MATCH expression, the same value for
        # every part of an And or an Or. Wagtail multiplies (1 + bm25) over an And's parts;
        # bm25 being negative (lower is better), that turns the order upside down as soon as
        # a query has two parts. One bm25 per row keeps the engine's order.
        rank = ColumnWeightedBM25()
        return rank * boost if boost != 1.0 else rank


class FrenchSQLiteSearchBackend(SQLiteSearchBackend):
    """Wagtail's SQLite FTS5 backend with French queries."""

    query_compiler_class = FrenchSQLiteSearchQueryCompiler


# What search/backends.py replaces, and with what.
WAGTAIL_BACKEND = SQLiteSearchBackend
FrenchBackend = FrenchSQLiteSearchBackend
