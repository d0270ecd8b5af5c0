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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Someone who may read the list but not change it is told why, and who can.
        note = getattr(self.model.snippet_viewset, "read_only_note", "")
        if note and not self.permission_policy.user_has_any_permission(
            self.request.user, ["add", "change"]
        ):
            context["read_only_note"] = note
        return context


class StaffListViewSet(SnippetViewSet):
    """A snippet viewset whose listing searches `search_fields` with `FoldedSearchIndexView`;
    `read_only_note` says, to those who may only read the list, why and who may change it."""

    index_view_class = FoldedSearchIndexView
    index_template_name = "core/staff_list_index.html"
    read_only_note = ""
