"""Search results that are not pages, given by other apps through a Wagtail hook.

Some of what a visitor can land on is not a page of the tree: the PPLI's partners and
audiences are snippets shown by routes of the PPLI landing. The app that serves them
registers a function under ``SECTIONS_HOOK`` (search imports none of those apps); the
search page shows each section as a block above the page results.

The function takes no argument and returns a dict:

- ``heading``: the block's title, in French, shown to visitors;
- ``querysets``: querysets of indexed models (``wagtail.search.index.Indexed``), each
  searched with the visitor's words;
- ``describe``: ``describe(request, records)`` returns, in the same order, a dict per record
  that has a public page: ``title``, ``url`` (built by the app, never typed), ``kind`` (a
  short label such as « partenaire du PPLI »), ``text`` (a line under the title, may be
  empty) and, if the record has other names, ``aliases`` (an acronym: « CPAS »).

A block sits above the pages: it must hold only what the words name. A record is kept when
its title or an alias is the query itself or holds every word searched, whatever the engine
found (OpenSearch matches any of the words: "cours de français" would bring every partner
"de Namur"). Those the query names exactly come first; at most ``RESULTS_PER_SECTION`` are
shown.

Each section costs a query per queryset, plus what ``describe`` needs: a fixed number, not
one per result.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.search.backends import get_search_backend

from .ranking import names_every_term, normalised
from .results import search_terms

SECTIONS_HOOK = "search_sections"
# Read from the engine for each queryset, before the words are checked.
RESULTS_PER_QUERYSET = 5
# Shown in a block: a few, so that the pages still come within the first answers.
RESULTS_PER_SECTION = 3


@dataclass(frozen=True)
class SectionResult:
    """A result that is not a page, as a card shows it."""

    title: str
    url: str
    kind: str
    text: str = ""


@dataclass(frozen=True)
class Section:
    """A block of results of one kind above the page results."""

    heading: str
    results: list


class Naming:
    """What a query names: a record called exactly so, or one whose name holds every word."""

    def __init__(self, query):
        self.exact = normalised(query)
        self.terms = search_terms(query)

    def exactly(self, item):
        """Is a name of the described record the query itself?"""
        return bool(self.exact) and any(normalised(name) == self.exact for name in names(item))

    def names(self, item):
        """Does the query name the described record, exactly or word for word?"""
        return self.exactly(item) or any(names_every_term(name, self.terms) for name in names(item))


def names(item):
    """A described record's title and other names."""
    return [item["title"], *item.get("aliases", ())]


def search_sections(request, query):
    """The sections with results for ``query``, in the hooks' order; none empty."""
    backend = get_search_backend()
    naming = Naming(query)
    sections = []
    for hook in hooks.get_hooks(SECTIONS_HOOK):
        spec = hook()
        # The database backends look up each searched model's content type: one query for
        # all of them on a cold start (then Django's cache), not one per model.
        ContentType.objects.get_for_models(*[queryset.model for queryset in spec["querysets"]])
        found = []
        for queryset in spec["querysets"]:
            found.extend(backend.search(query, queryset)[:RESULTS_PER_QUERYSET])
        named = [item for item in spec["describe"](request, found) if naming.names(item)]
        # Sorted is stable: "CPAS" before "CPAS de Namur", otherwise the engine's order.
        named.sort(key=lambda item: not naming.exactly(item))
        results = [
            SectionResult(item["title"], item["url"], item["kind"], item.get("text", ""))
            for item in named[:RESULTS_PER_SECTION]
        ]
        if results:
            sections.append(Section(str(spec["heading"]), results))
    return sections
