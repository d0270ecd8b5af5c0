"""What the site search looks for: the searcher's words, widened by synonyms and acronyms.

"cours de français" also looks for "FLE" and "français langue étrangère" (a search synonym,
Fragments › Synonymes de recherche); "PEOE" also for "personnes étrangères et d'origine
étrangère" (a published acronym, Fragments › Sigles), and the other way round. Expressions are
recognised by their French stems, stop words aside, so "demandeur d'asile" and "demandeurs
d'asile" are one. The result is a Wagtail query (And, Or, PlainText) that every backend runs:
the database ones stem it in French (search/database_backends.py), Elasticsearch and OpenSearch
analyse it in French (search/backends.py).

Every word must be found (AND). When that finds nothing, the search falls back to any of the
words (OR), ranked by the engine: "diversité en entreprise" is not lost because one page says
"diversité" and another "entreprise".
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import cache
from wagtail.search.query import And, Or, PlainText

from glossary.models import Abbreviation, SearchSynonym

from .french import content_words, key


@lru_cache(maxsize=4096)  # each synonym's expressions, at every search
def expression_keys(expression):
    """An expression as the stems of its meaningful words: how two wordings are compared."""
    return tuple(key(word) for word in content_words(expression))


# The groups are kept in the shared cache between changes (search/signals.py forgets them).
SYNONYMS_CACHE_KEY = "search:synonym-groups"


def synonym_groups():
    """Each set of expressions that find one another, from the synonyms and the published
    acronyms; read from the cache, or in two queries whatever their number."""
    return cache.get_or_set(SYNONYMS_CACHE_KEY, read_synonym_groups, timeout=None)


def read_synonym_groups():
    """synonym_groups() from the database."""
    groups = [synonym.expressions() for synonym in SearchSynonym.objects.all()]
    groups += [
        [acronym, expansion]
        for acronym, expansion in Abbreviation.objects.published().values_list(
            "acronym", "expansion"
        )
    ]
    return [group for group in groups if len(group) > 1]


@dataclass
class Part:
    """A word of the query, or an expression of it and the expressions it stands for."""

    alternatives: list

    def query(self):
        """PlainText of the one wording, or an Or of every wording."""
        texts = [PlainText(text) for text in self.alternatives]
        return texts[0] if len(texts) == 1 else Or(texts)


def parts(query_string, groups):
    """The query's parts: known expressions (longest first, left to right), then single words."""
    query_words = content_words(query_string)
    keys = [key(word) for word in query_words]
    by_keys = {}
    for group in groups:
        for expression in group:
            expression_key = expression_keys(expression)
            if expression_key:
                by_keys.setdefault(expression_key, []).extend(group)
    longest = max((len(k) for k in by_keys), default=0)
    found, position = [], 0
    while position < len(keys):
        for length in range(min(longest, len(keys) - position), 0, -1):
            group = by_keys.get(tuple(keys[position : position + length]))
            if group:
                typed = " ".join(query_words[position : position + length])
                found.append(Part(_distinct([typed, *group])))
                position += length
                break
        else:
            found.append(Part([query_words[position]]))
            position += 1
    return found


def _distinct(expressions):
    """The expressions once each, compared by their stems, in order."""
    seen, kept = set(), []
    for expression in expressions:
        expression_key = expression_keys(expression) or (expression.casefold(),)
        if expression_key not in seen:
            seen.add(expression_key)
            kept.append(expression)
    return kept


@dataclass
class SearchPlan:
    """The query to run (every part) and the one to fall back on (any part), if different;
    and the other wordings of the whole query, for the ranking of exact titles
    (search/ranking.py: "PPLI" → "Plan provincial et local d'intégration")."""

    every_part: object | None  # None: only common words
    any_part: object | None
    equivalents: list = field(default_factory=list)


def plan(query_string, groups=None):
    """The Wagtail queries for what a searcher typed."""
    found = parts(query_string, synonym_groups() if groups is None else groups)
    if not found:  # only common words ("qui sommes-nous"): titles, as typed (search())
        return SearchPlan(None, None)
    queries = [part.query() for part in found]
    if len(queries) == 1:
        return SearchPlan(queries[0], None, found[0].alternatives[1:])
    return SearchPlan(And(queries), Or(queries))


def run(queryset, search_plan, query_string):
    """Search a queryset by a plan: every part, or else any of them."""
    if search_plan.every_part is None:
        # The full-text engines drop common words; titles are matched word for word
        # (Wagtail's autocomplete, without stemming or stop words).
        return queryset.autocomplete(query_string)
    results = queryset.search(search_plan.every_part)
    if search_plan.any_part is not None and not results.count():
        results = queryset.search(search_plan.any_part)
    return results


def search(queryset, query_string):
    """Search a queryset for what a searcher typed."""
    return run(queryset, plan(query_string), query_string)
