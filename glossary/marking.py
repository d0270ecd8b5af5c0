"""Mark acronyms with <abbr title="…"> the first time a page uses them."""

import re
from html import escape

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

from pagecache import generation

from .models import Abbreviation


def published_expansions():
    """{acronym: expansion} of the published acronyms, cached until content changes."""
    return cache.get_or_set(
        f"pagecache:{generation.current()}:abbreviations",
        lambda: dict(Abbreviation.objects.published().values_list("acronym", "expansion")),
        settings.PAGE_CACHE_SECONDS or None,
    )


class AbbreviationMarker:
    """One per rendered page: remembers which acronyms it has already explained."""

    def __init__(self, expansions=None):
        self._expansions = expansions
        self._pattern = None
        self.seen = set()

    @property
    def expansions(self):
        if self._expansions is None:
            self._expansions = published_expansions()
        return self._expansions

    @property
    def pattern(self):
        if self._pattern is None and self.expansions:
            # Longest first, so that "PST 3" or "CPMS" win over a shorter acronym inside them;
            # whole words only, so "ONE" never matches inside "ONEM".
            names = sorted(self.expansions, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])"
            )
        return self._pattern

    def mark(self, text):
        """`text` escaped, with its acronyms not yet explained on this page in <abbr>."""
        if not text:
            return ""
        # The standard library's escape (the same characters as Django's, without its lazy-string
        # wrapper): a large plan marks some 900 texts per page.
        if self.pattern is None:
            return mark_safe(escape(text))
        parts = []
        last = 0
        for match in self.pattern.finditer(text):
            acronym = match.group(1)
            if acronym in self.seen:
                continue
            self.seen.add(acronym)
            parts.append(escape(text[last : match.start()]))
            parts.append(
                f'<abbr title="{escape(self.expansions[acronym])}">{escape(acronym)}</abbr>'
            )
            last = match.end()
        parts.append(escape(text[last:]))
        return mark_safe("".join(parts))
