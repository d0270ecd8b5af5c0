"""Helpers for text typed by visitors and editors."""

import unicodedata

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """Words only: quotes, operators and control characters (NUL) upset search engines."""
    words = "".join(c if c.isalnum() or c in "-'’" else " " for c in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(words.split())[:MAX_QUERY_LENGTH]


# Line breaks and tabs: the only control characters a text over several lines may hold.
LINE_BREAKS_AND_TABS = frozenset("\t\n\r")


def has_control_character(text, allowed=frozenset()):
    """Whether `text` holds a control character (Unicode category Cc: NUL, escape, line
    breaks…) other than those `allowed`."""
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in text)


def fold(text):
    """Text as the admin's searches compare it: without accents or capitals ("Écoles" and
    "ECOLES" both give "ecoles")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def folded_matches(queryset, fields, text):
    """The rows of `queryset` in which each word of `text` is part of one of `fields`,
    accents and capitals aside.

    Compared in Python, for the admin's short lists (audiences, partners, acronyms, kinds):
    SQLite has no accent folding and the two databases' `icontains` differ, while editors
    type "ecoles" for "Écoles" on both.
    """
    words = fold(text).split()
    if not words:
        return queryset
    matching = [
        pk
        for pk, *values in queryset.values_list("pk", *fields)
        if all(any(word in fold(value or "") for value in values) for word in words)
    ]
    return queryset.filter(pk__in=matching)
