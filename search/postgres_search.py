"""PostgreSQL's search backend with French prefix queries (search/database_backends.py)."""

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from .database_backends import combine, query_words
from .french import search_token


class FrenchPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    """PostgreSQL stems and folds with ``french_unaccent``; each word also matches as a prefix
    of its stem (``interprete:*`` finds "interprétariat")."""

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            typed = query_words(query)
            if not typed:
                return None
            lexemes = [Lexeme(word, invert=invert, prefix=search_token(word)[1]) for word in typed]
            operator = query.operator
            if invert:  # De Morgan, as Wagtail's compiler does for And and Or
                operator = "or" if operator.lower() == "and" else "and"
            return SearchQuery(combine(lexemes, operator), search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class FrenchPostgresSearchBackend(PostgresSearchBackend):
    """Wagtail's PostgreSQL backend with French prefix queries."""

    query_compiler_class = FrenchPostgresSearchQueryCompiler


# What search/backends.py replaces, and with what.
WAGTAIL_BACKEND = PostgresSearchBackend
FrenchBackend = FrenchPostgresSearchBackend
