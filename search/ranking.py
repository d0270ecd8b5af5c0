"""The first results, re-ranked: what the searcher most likely meant comes first.

The engines rank by how often and where the words occur. Field boosts (the title weighs
twice, ThematicPage's search fields) put the pages named by the words first on PostgreSQL
and OpenSearch; SQLite's FTS5 weighs every column the same, and any engine may still put a
long PDF resource that says "mobilité" forty times above the page titled "Mobilité". The
first ``window`` results of the engine are therefore ordered:

1. the pages whose title is the query itself (case, accents and punctuation aside);
2. the thematic pages whose title holds every word searched ("racisme" → « Lutte contre le
   racisme ») or is named by the words searched ("demandeurs d'asile" → « Asile »);
3. all the others, in the engine's order.

Nothing moves across the edge of the window: every result appears once, on one page of
results, whatever the page asked for.
"""

from django.contrib.contenttypes.models import ContentType

from thematiques.models import ThematicPage

from .french import WORD, fold
from .results import search_terms

EXACT, THEMATIC, OTHER = range(3)


def normalised(text):
    """Folded words only: « Répertoire « petite enfance » » -> "repertoire petite enfance"."""
    return " ".join(WORD.findall(fold(text)))


def names_every_term(text, terms):
    """Does ``text`` hold each of ``terms``, as the start of one of its words?"""
    words = WORD.findall(fold(text))
    return bool(terms) and all(any(word.startswith(term) for word in words) for term in terms)


def names_each_other(title, query):
    """Does the title hold every word searched, or the query every word of the title?"""
    return names_every_term(title, search_terms(query)) or names_every_term(
        query, search_terms(title)
    )


def rank(items, query, title=lambda item: item.title, preferred=lambda item: False, equivalents=()):
    """``items`` in the order above; the engine's order is kept inside each tier.

    ``title`` reads an item's title, ``preferred`` tells the items of tier 2 (thematic pages
    for page results). ``equivalents`` are other wordings of the whole query (a synonym, an
    acronym's expansion: search/query.py): a title that is one of them is exact too.
    """
    exact = {normalised(text) for text in [query, *equivalents]} - {""}

    def tier(item):
        text = title(item)
        if normalised(text) in exact:
            return EXACT
        if preferred(item) and names_each_other(text, query):
            return THEMATIC
        return OTHER

    return sorted(items, key=tier)


def thematic_pages():
    """Tells a thematic page among search results (base pages): by its content type."""
    thematic_type = ContentType.objects.get_for_model(ThematicPage).pk
    return lambda page: page.content_type_id == thematic_type


class RankedResults:
    """Search results whose first ``window`` are re-ranked (``rank``), for a Paginator.

    The window is read in one slice of the engine's results, as the first page alone was;
    the results beyond it are sliced from the engine as before. ``preferred`` tells the
    results of tier 2 (by default, thematic pages).
    """

    def __init__(self, results, query, window, preferred=None, equivalents=(), then=None):
        self.results = results
        # A last ordering of the window, after the ranking (the events: upcoming first).
        self.then = then
        self.query = query
        self.equivalents = equivalents
        self.window = window
        self.preferred = preferred
        self._head = None

    def count(self):
        """How many results the engine found (the Paginator's total)."""
        return self.results.count()

    def head(self):
        """The first ``window`` results, ranked; read once."""
        if self._head is None:
            preferred = self.preferred or thematic_pages()
            self._head = rank(
                list(self.results[: self.window]),
                self.query,
                preferred=preferred,
                equivalents=self.equivalents,
            )
            if self.then is not None:
                self._head = self.then(self._head)
        return self._head

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        if start >= self.window:
            return list(self.results[start:stop])
        if stop is not None and stop <= self.window:
            return self.head()[start:stop]
        return self.head()[start:] + list(self.results[self.window : stop])
