"""Wagtail's database search backends, reading queries in French (search/french.py).

Only the query compilers change, through the backends' ``query_compiler_class``: each word of
a ``PlainText`` query is looked for by its French stem as a prefix, and stop words are left
out. Indexing and the other query types stay Wagtail's. One module per database
(search/sqlite_search.py, search/postgres_search.py): each imports Wagtail's code for its
database only, whose models exist only on that database.
"""

from functools import reduce

from .french import content_words, words


def query_words(query):
    """The words of a PlainText query that decide a match (all of them if all are common)."""
    return content_words(query.query_string) or words(query.query_string)


def combine(lexemes, operator):
    """The lexemes joined by the query's operator ("and" or "or")."""
    if operator.lower() == "and":
        return reduce(lambda a, b: a & b, lexemes)
    return reduce(lambda a, b: a | b, lexemes)
