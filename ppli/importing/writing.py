"""Writing: the one writer of plan pages.

`PlanWriter` creates or updates axes, objectives and actions from clean data (`AxisData`,
`ObjectiveData`, `ActionData`), with one slug rule for each level. Two callers feed it: the
initial content (the booklet's YAML, ppli/initial_content.py), which never rewrites what a
person has edited, and the import of a file staff chose (`checking.PlanImporter.run`, once the
file is read and found without a problem).
"""

from dataclasses import dataclass, field, fields

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils.text import slugify
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from home.content_loader import PageWriter, edited_by_people_condition
from home.ordered_links import ordered_rows

from ..models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    AxisPage,
    KeyIssue,
    ObjectivePage,
    WorkingGroupPage,
)

# Clean data -----------------------------------------------------------------------------

# A value the data does not give: what is stored stays. (None is a value: "not known".)
KEEP = "__keep__"


@dataclass
class ActionData:
    """An action as the writer stores it."""

    number: str
    text: str
    # Snippets, or (snippet, qualifier) pairs where the source writes something after the
    # name: "FOREm (GT primo-arrivant)".
    organisations: list = field(default_factory=list)
    by_whom_other: str = ""
    audiences: list = field(default_factory=list)
    for_whom_other: str = ""
    thematics: list = field(default_factory=list)
    priority: bool | None = None
    status: str = ActionStatus.UNKNOWN
    progress: int | None = None
    working_group: WorkingGroupPage | None = None
    by_whom_note: str = KEEP  # only the booklet gives it


@dataclass
class ObjectiveData:
    """An objective as the writer stores it, with its actions."""

    number: int
    text: str
    thematics: list = field(default_factory=list)
    priority: bool | None = None
    actions: list = field(default_factory=list)


@dataclass
class AxisData:
    """An axis as the writer stores it, with its objectives."""

    number: str
    title: str
    objectives: list = field(default_factory=list)
    # Only the booklet gives these; an imported file leaves them as they are.
    slug: str | None = None
    constats: str = KEEP
    note: str = KEEP
    key_issues: list = KEEP  # [(number, text)]


# The fields the writer compares, in ActionData / ObjectiveData.
ACTION_FIELDS = [f.name for f in fields(ActionData)]
OBJECTIVE_FIELDS = ["number", "text", "priority", "thematics"]


# Writing --------------------------------------------------------------------------------

# Actions name their snippets through orderable links (edited with choosers in the admin).
LINKS = {
    "organisations": ("organisation_links", ActionOrganisation, "organisation"),
    "audiences": ("audience_links", ActionAudience, "audience"),
}


def link_pairs(items):
    """[(snippet, qualifier)] of a list of snippets or (snippet, qualifier) pairs."""
    return [item if isinstance(item, tuple) else (item, "") for item in items]


def foreign_key(model, name):
    """The foreign key `name` of `model` (e.g. an action's working group), or None."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # e.g. a name a subclass handles (LINKS)
        return None
    return model_field if model_field.many_to_one else None


@dataclass
class StoredPage:
    """What the writer compares of a page, read without loading the page itself."""

    pk: int
    path: str
    values: dict


class PlanWriter(PageWriter):
    """Creates or updates a plan's axes, objectives and actions (see PageWriter for what
    keep_edits means). Neither the initial content nor an import writes a follow-up history
    entry: the history records what people publish.

    Objectives and actions are first compared as stored values, read in a few queries for the
    whole plan (`stored_pages`): only those that differ, or are new, are loaded and written as
    pages. A plan of 20,000 actions re-imported with a few edits thus costs a few queries and
    a published revision per edited page, not a page load per row (docs/performance.md).
    """

    def __init__(self, plan, keep_edits=False):
        super().__init__(keep_edits)
        self.plan = plan

    def current(self, page, name):
        if name in LINKS:
            relation, _link_model, field_name = LINKS[name]
            return [
                (getattr(row, f"{field_name}_id"), row.qualifier)
                for row in getattr(page, relation).all()
            ]
        if name == "key_issues":
            return [(issue.number, issue.text) for issue in page.key_issues.all()]
        key = foreign_key(type(page), name)
        if key is not None:  # its id: comparing objects would load each one
            return getattr(page, key.attname)
        return super().current(page, name)

    def wanted(self, model, name, value):
        if name in LINKS:  # ordered: the editors' order of "Par qui ?" and "Pour qui ?"
            return [(item.pk, qualifier) for item, qualifier in link_pairs(value)]
        if foreign_key(model, name) is not None:
            return None if value is None else value.pk
        return super().wanted(model, name, value)

    def assign(self, page, name, value):
        if name in LINKS:
            relation, link_model, field_name = LINKS[name]
            pairs = link_pairs(value)
            rows = ordered_rows(link_model, field_name, [item for item, _q in pairs])
            for row, (_item, qualifier) in zip(rows, pairs, strict=True):
                row.qualifier = qualifier
            setattr(page, relation, rows)
        elif name == "key_issues":
            page.key_issues = [
                KeyIssue(number=number, text=text, sort_order=n)
                for n, (number, text) in enumerate(value)
            ]
        else:
            super().assign(page, name, value)

    def save(self, page, model, slug, values, parent):
        values = {name: value for name, value in values.items() if value is not KEEP}
        return super().save(page, model, slug, values, parent)

    def stored_pages(self, model, names):
        """{number: StoredPage} of the plan's pages of `model`, with the values of `names` in
        the form `wanted` gives them: a query per relation, whatever the number of pages."""
        pages = model.objects.descendant_of(self.plan)
        columns = {}
        for name in names:
            key = foreign_key(model, name)
            if name not in LINKS and not (key is None and is_many_to_many(model, name)):
                columns[name] = key.attname if key is not None else name
        stored = {}
        for row in pages.values("pk", "path", *columns.values()):
            values = {name: row[column] for name, column in columns.items()}
            stored[row["pk"]] = StoredPage(row["pk"], row["path"], values)
        for name in names:
            if name in LINKS:
                relation, link_model, field_name = LINKS[name]
                parent_key = model._meta.get_field(relation).field
                links = (
                    link_model.objects.filter(**{f"{parent_key.name}__in": pages})
                    .order_by(parent_key.attname, "sort_order", "pk")
                    .values_list(parent_key.attname, f"{field_name}_id", "qualifier")
                )
                for page in stored.values():
                    page.values[name] = []
                for page_id, target_id, qualifier in links:
                    stored[page_id].values[name].append((target_id, qualifier))
            elif foreign_key(model, name) is None and is_many_to_many(model, name):
                relation = model._meta.get_field(name)
                source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
                through = relation.remote_field.through.objects.filter(**{f"{source}__in": pages})
                for page in stored.values():
                    page.values[name] = []
                for page_id, target_id in through.values_list(f"{source}_id", f"{target}_id"):
                    stored[page_id].values[name].append(target_id)
                for page in stored.values():
                    page.values[name].sort()  # compared as a set, as PageWriter does
        return {page.values["number"]: page for page in stored.values()}

    def differs(self, model, stored, values):
        """True if `values` would change the stored page."""
        return any(
            stored.values[name] != self.wanted(model, name, value)
            for name, value in values.items()
            if value is not KEEP
        )

    def save_stored(self, stored, model, slug, values, parent):
        """Save `values` to the page `stored` describes (None: a new page under `parent`);
        a page whose values are already stored is not even loaded."""
        if stored is None:
            return self.save(None, model, slug, values, parent())
        if not self.differs(model, stored, values):
            return None
        return self.save(model.objects.get(pk=stored.pk), model, slug, values, parent)

    def write(self, axes):
        """Write clean data (a list of AxisData); returns the pages created or updated."""
        done = len(self.created) + len(self.updated)
        # Wagtail indexes a page's references at each save: three saves per published page,
        # and one per link row. They are indexed once per written page instead, below.
        with transaction.atomic(), disable_reference_index_auto_update():
            self.write_pages(axes)
            written = (self.created + self.updated)[done:]
            for page in written:
                update_reference_index_task.enqueue(
                    page._meta.app_label, page._meta.model_name, str(page.pk)
                )
        return written

    def write_pages(self, axes):
        existing_axes = {a.number: a for a in AxisPage.objects.child_of(self.plan)}
        objectives = self.stored_pages(ObjectivePage, OBJECTIVE_FIELDS)
        actions = self.stored_pages(ActionPage, ACTION_FIELDS)
        loaded = {}  # objective pages loaded as parents of new actions, by id
        updated_actions = []  # the data's actions that existed

        def objective_page(stored):
            if stored.pk not in loaded:
                loaded[stored.pk] = ObjectivePage.objects.get(pk=stored.pk)
            return loaded[stored.pk]

        for axis_data in axes:
            axis = self.save(
                existing_axes.get(axis_data.number),
                AxisPage,
                axis_data.slug or slugify(axis_data.title),
                {
                    "title": f"{axis_data.number} {axis_data.title}",
                    "number": axis_data.number,
                    "short_title": axis_data.title,
                    "constats": axis_data.constats,
                    "note": axis_data.note,
                    "key_issues": axis_data.key_issues,
                },
                self.plan,
            )
            for objective_data in axis_data.objectives:
                stored = objectives.get(objective_data.number)
                objective = self.save_stored(
                    stored,
                    ObjectivePage,
                    ObjectivePage.numbered_slug(objective_data.number),
                    {name: getattr(objective_data, name) for name in OBJECTIVE_FIELDS},
                    lambda axis=axis: axis,
                )
                if objective is not None:
                    loaded[objective.pk] = objective
                    stored = StoredPage(objective.pk, objective.path, {})
                for action_data in objective_data.actions:
                    if action_data.number in actions:
                        updated_actions.append(actions[action_data.number].pk)
                    self.save_stored(
                        actions.get(action_data.number),
                        ActionPage,
                        ActionPage.numbered_slug(action_data.number),
                        dict(vars(action_data)),
                        lambda stored=stored: objective_page(stored),
                    )
        if self.keep_edits:
            self.forget_loader_history(updated_actions)

    def forget_loader_history(self, action_ids):
        """The history entries an earlier loader wrote at each load, on the actions no person
        has edited: not events a person made."""
        untouched = ActionPage.objects.filter(pk__in=action_ids).exclude(
            edited_by_people_condition()
        )
        ActionStatusChange.objects.filter(action__in=untouched, changed_by__isnull=True).delete()


def is_many_to_many(model, name):
    try:
        return model._meta.get_field(name).many_to_many
    except FieldDoesNotExist:
        return False
