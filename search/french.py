"""How the site reads a searcher's French words: folded accents, stop words, stems.

The database backends index whole words (accents folded on SQLite, French stems on
PostgreSQL); what a searcher types is read here with Snowball's French stemmer
(snowballstemmer, the stemmer Lucene and PostgreSQL use as well), so that "interprète",
"interprètes" and "interprétariat" meet on "interpret".
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")

# Snowball's French stop word list (articles, pronouns, prepositions, forms of "être" and
# "avoir"), folded, plus the elided letters the tokenizers leave ("l'entreprise" → l,
# entreprise). Dropped from queries: on SQLite every word of a query must match, and "en" or
# "de" would otherwise decide what is found.
STOP_WORDS = frozenset(
    """
    a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions
    aurons auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce
    ceci cela ces cet cette d dans de des du elle en es est et etaient etais etait etant ete
    etes etiez etions eu eue eues eumes eurent eus eusse eussent eusses eussiez eussions eut
    eutes eux furent fus fusse fussent fusses fussiez fussions fut futes il ils j je l la le
    les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ont ou par pas pour
    qu que quel quelle quels quelles qui s sa se sera serai seraient serais serait seras serez
    seriez serions serons seront ses soi soient sois soit sommes son sont soyez soyons suis sur
    t ta te tes toi ton tu un une vos votre vous y
    """.split()
)

# Shorter stems match too many words as prefixes ("logement" → "log" would find "logo"):
# below this length the whole word is the prefix.
MIN_PREFIX = 4


def fold(text):
    """Lower case without accents: "Mémorandum" → "memorandum"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _stemmer():
    """One stemmer per process (building it compiles Snowball's tables)."""
    return snowballstemmer.stemmer("french")


def is_acronym(word):
    """ "FLE", "CPAS", "RàN": matched as typed, never stemmed or extended."""
    return len(word) > 1 and sum(c.isupper() for c in word) >= 2


def words(text):
    """The words of a text, in order, as typed."""
    return WORD.findall(text)


def content_words(text):
    """The words that decide a match: stop words and lone letters left out."""
    return [word for word in words(text) if fold(word) not in STOP_WORDS and len(word) > 1]


@lru_cache(maxsize=8192)  # the synonyms' words are stemmed at every search
def key(word):
    """What two forms of a word share: its folded French stem ("Interprètes" → "interpret")."""
    return fold(_stemmer().stemWord(word.casefold()))


def search_token(word):
    """(token, is_prefix) to look for in an index of folded whole words.

    Acronyms and numbers are matched whole; other words by their stem as a prefix, or by the
    whole word when the stem is too short to be told apart.
    """
    folded = fold(word)
    if is_acronym(word) or folded.isdigit():
        return folded, False
    stem = key(word)
    return (stem if len(stem) >= MIN_PREFIX else folded), True


def search_tokens(word):
    """search_token(word), and the whole folded word as a prefix too when the stem is not how
    the word begins ("sociaux" → "social"): an index of whole words holds "sociaux"."""
    token, prefix = search_token(word)
    folded = fold(word)
    if prefix and not folded.startswith(token):
        return [(token, True), (folded, True)]
    return [(token, prefix)]
