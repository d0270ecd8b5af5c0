"""« Vouliez-vous dire : … ? »: the searched words as the site's page titles spell them.

When a search finds nothing or little, a mistyped word is the likeliest cause ("logment",
"interprettariat", "discrimation"). On PostgreSQL, the trigram similarity of the ``pg_trgm``
extension (search/migrations/0004) finds the page titles that hold a word close to each
searched word, accents folded (``unaccent``, search/migrations/0001), in one query; each
searched word that no such title spells is then replaced by the closest word of those titles,
if it is close enough. A word the titles already use, in any form ("logements"), is kept.

SQLite has no trigram similarity: no suggestion, and no query.
"""

from difflib import SequenceMatcher

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models.functions import Greatest

from .french import WORD, content_words, fold, is_acronym, key

# Fewer results than this and a suggestion is looked for.
FEW_RESULTS = 3
# Shorter words are left as typed: too few letters to tell a typo from another word.
MIN_WORD_LENGTH = 4
# The first words of a long query only: one similarity per word in the query.
MAX_WORDS = 6
# pg_trgm's word similarity (0 to 1) between a searched word and the closest words of a
# title: below it, the title is not read. Low, for two swapped letters break three trigrams
# ("racsime" → "racisme": 0.375, "logment" → "logement": 0.55); WORD_THRESHOLD then tells
# the words apart.
TITLE_THRESHOLD = 0.35
# How many of the closest titles give their words.
CANDIDATE_TITLES = 30
# difflib's ratio (0 to 1) between a searched word and a word of those titles, both folded:
# a letter missing, doubled or swapped in a word of 7 letters or more stays above it.
WORD_THRESHOLD = 0.8


def supported(queryset):
    """True where trigram similarity exists: on PostgreSQL."""
    return connections[queryset.db].vendor == "postgresql"


def _words_to_check(query):
    """The searched words that may be mistyped: long enough, neither acronym nor number."""
    words = content_words(query)[:MAX_WORDS]
    return [
        word
        for word in words
        if len(word) >= MIN_WORD_LENGTH and not is_acronym(word) and not word.isdigit()
    ]


def _close_titles(pages, words):
    """The titles of `pages` that hold a word close to one of `words`, closest first."""
    title = Unaccent("title")
    similarities = [TrigramWordSimilarity(fold(word), title) for word in words]
    closest = similarities[0] if len(similarities) == 1 else Greatest(*similarities)
    return list(
        pages.annotate(closeness=closest)
        .filter(closeness__gte=TITLE_THRESHOLD)
        .order_by("-closeness", "pk")
        .values_list("title", flat=True)[:CANDIDATE_TITLES]
    )


def _vocabulary(titles):
    """{folded word: the word in lower case, accents kept} of the titles (the first spelling)."""
    vocabulary = {}
    for title in titles:
        for word in WORD.findall(title):
            if len(word) >= MIN_WORD_LENGTH and not word.isdigit():
                vocabulary.setdefault(fold(word), word.lower())
    return vocabulary


def _correction(word, vocabulary, stems):
    """The closest word of the vocabulary to a mistyped `word`, or None if it is not mistyped
    (the titles use it, or a form of it) or nothing is close enough."""
    folded = fold(word)
    if folded in vocabulary or key(word) in stems:
        return None
    best, best_ratio = None, WORD_THRESHOLD
    for candidate in vocabulary:
        ratio = SequenceMatcher(None, folded, candidate).ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    if best is None:
        return None
    correction = vocabulary[best]
    return correction.capitalize() if word[:1].isupper() else correction


def spelling_suggestion(pages, query):
    """`query` with its mistyped words spelled as in the titles of `pages`, or "" when none is
    found (or on SQLite). At most one database query."""
    if not supported(pages):
        return ""
    words = _words_to_check(query)
    if not words:
        return ""
    vocabulary = _vocabulary(_close_titles(pages, words))
    if not vocabulary:
        return ""
    stems = {key(word) for word in vocabulary.values()}
    corrections = {}
    for word in words:
        correction = _correction(word, vocabulary, stems)
        if correction is not None:
            corrections[word] = correction
    if not corrections:
        return ""
    # The other words, apostrophes and hyphens stay as typed.
    return WORD.sub(lambda match: corrections.get(match.group(0), match.group(0)), query)


def suggestion_query(request, suggestion):
    """The search page's GET parameters with the suggested words: the filters are kept, the
    page number dropped."""
    params = request.GET.copy()
    params["q"] = suggestion
    params.pop("page", None)
    return params.urlencode()
