"""The admin's listings of short staff lists (partners, audiences, acronyms, kinds…): searched
the same way on SQLite and PostgreSQL, accents and capitals aside.

Wagtail searches a snippet listing through the search backend, restricted to the viewset's
`search_fields`; the SQLite backend has no column per field ("no such column: acronym", a 500)
and neither backend folds accents the same way. These lists are short: `core.text`'s folded
comparison answers the same everywhere.
"""

from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .text import folded_matches


class FoldedSearchIndexView(IndexView):
    """A snippet listing (and its results, refreshed as one types) whose search box finds
    "Écoles" from "ecoles" in the viewset's `search_fields`."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_matches(queryset, self.search_fields, self.search_query)


class StaffListViewSet(SnippetViewSet):
    """A snippet viewset whose listing searches `search_fields` with `FoldedSearchIndexView`."""

    index_view_class = FoldedSearchIndexView
