"""The plan's pages as plain rows, for the lists that show hundreds of them.

A plan overview at ten times the booklet lists some 900 objectives and actions. Read as Wagtail
pages, with an include and a `{% pageurl %}` per card, they cost ten times the rest of the page
(docs/performance.md). Lists read these rows with `values()` instead (here and plan.py), cards are
rendered in one loop (ppli/cards.py) and URLs come from `url_path` (core/page_urls.py). A page's
own fields still come from its Page object.
"""

from dataclasses import dataclass, field

from django.apps import apps

# eq=False: rows compare and hash by identity, like the one row per page a list shares (an
# axis row is a key of group_by_axis).


@dataclass(slots=True, eq=False)
class Link:
    """A partner or an audience named on an action card, with what the booklet writes after
    its name (its qualifier: "(GT primo-arrivant)", ": hôpitaux, relais santé, etc.")."""

    name: str
    slug: str
    qualifier: str = ""

    @property
    def label(self):
        """The item as the booklet writes it: its name, then its qualifier."""
        return link_label(self.name, self.qualifier)


def link_label(name, qualifier):
    """A named partner or audience as the booklet writes it: "FOREm (GT primo-arrivant)"."""
    return f"{name} {qualifier}" if qualifier else name


@dataclass(slots=True, eq=False)
class KeyIssueRow:
    """A key issue of an axis, for the printable plan."""

    number: int
    text: str


@dataclass(slots=True, eq=False)
class AxisRow:
    """What lists show of an axis."""

    FIELDS = ("pk", "path", "url_path", "slug", "number", "short_title")

    pk: int
    path: str
    url_path: str
    slug: str
    number: str
    short_title: str
    key_issues: list = field(default_factory=list)


@dataclass(slots=True, eq=False)
class ObjectiveRow:
    """What lists show of an objective."""

    FIELDS = ("pk", "path", "url_path", "number", "text", "priority")

    pk: int
    path: str
    url_path: str
    number: int
    text: str
    priority: bool | None
    thematics: list = field(default_factory=list)


class FreeTextItems:
    """The free-text "Par qui ?" and "Pour qui ?" items of an action, one per line: shared by
    ActionPage and ActionRow."""

    __slots__ = ()

    @property
    def by_whom_others(self):
        """The free-text "Par qui ?" items, one per line."""
        return text_lines(self.by_whom_other)

    @property
    def for_whom_others(self):
        """The free-text "Pour qui ?" items, one per line."""
        return text_lines(self.for_whom_other)


@dataclass(slots=True, eq=False)
class ActionRow(FreeTextItems):
    """What an action card and the open data show of an action."""

    FIELDS = (
        "pk",
        "path",
        "url_path",
        "number",
        "text",
        "priority",
        "status",
        "progress",
        "by_whom_other",
        "by_whom_note",
        "for_whom_other",
    )

    pk: int
    path: str
    url_path: str
    number: str
    text: str
    priority: bool | None
    status: str
    progress: int | None
    by_whom_other: str
    by_whom_note: str
    for_whom_other: str
    working_group: str | None = None
    organisations: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    thematics: list = field(default_factory=list)
    objective: ObjectiveRow | None = None
    axis: AxisRow | None = None


def text_lines(text):
    """The non-empty lines of a free-text field, stripped: one item per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def rows_of(row_class, queryset, *extra):
    """`queryset` read as `row_class` rows, in its order: one query, no model instance.

    `extra` names related columns read into the fields that follow FIELDS, in order
    ("working_group__title" into ActionRow's `working_group`).
    """
    return [row_class(*values) for values in queryset.values_list(*row_class.FIELDS, *extra)]


def action_rows(actions, export=False):
    """`actions` (a queryset) as card rows, in its order, with their partners and audiences:
    three queries whatever their number. With `export`, their thematics and working group too
    (one more query), for the open data."""
    extra = ("working_group__title",) if export else ()
    rows = rows_of(ActionRow, actions, *extra)
    by_pk = {row.pk: row for row in rows}
    # The actions' own query as a subquery: no list of ids to bind, however long the plan.
    ids = actions.order_by().values("pk")
    for relation, model_name, attribute in (
        ("organisation", "ActionOrganisation", "organisations"),
        ("audience", "ActionAudience", "audiences"),
    ):
        # Through the app registry: plan.py, which defines these, imports this module.
        links = (
            apps.get_model("ppli", model_name)
            .objects.filter(action__in=ids)
            .order_by("sort_order", "pk")
        )
        for action_id, name, slug, qualifier in links.values_list(
            "action_id", f"{relation}__name", f"{relation}__slug", "qualifier"
        ):
            getattr(by_pk[action_id], attribute).append(Link(name, slug, qualifier))
    if export:
        attach_thematics(by_pk, actions.model.thematics.through, "actionpage_id", ids)
    return rows


def attach_thematics(by_pk, through, column, ids):
    """Set the titles of their thematics, read from the `through` table, on rows (one query)."""
    tagged = through.objects.filter(**{f"{column}__in": ids})
    for page_id, title in tagged.values_list(column, "thematicpage__title"):
        by_pk[page_id].thematics.append(title)
    for row in by_pk.values():
        row.thematics.sort()
