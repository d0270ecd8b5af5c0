"""The one writer of plan pages, and the import of plan files (JSON or CSV exports).

`PlanWriter` creates or updates axes, objectives and actions from clean data (`AxisData`…),
with one slug rule for each level. Two callers feed it: the initial content (the booklet's
YAML, ppli/initial_content.py), which never rewrites what a person has edited, and
`import_plan`, which applies a file staff chose to import.

An import file goes through three steps, and is written only if none found a problem:
1. `read_import_file` reads it within the size limits (`import_limits`; the reading and
   the report's form are shared with the directory's import, core/import_files.py) and turns
   a CSV file into the JSON structure, remembering the line of each action (`ImportFile`);
2. the structure is checked against the published JSON Schema (data/plan-export.schema.json,
   the same for both formats);
3. `PlanImporter` checks what a schema cannot know: thematics and working groups that exist,
   numbers given twice, pages the file would move, addresses (slugs) already taken.
Every problem of the three steps is reported at once, in French, with where it is (a CSV line
and column, or a JSON path) and what is expected (docs/donnees-ouvertes.md).
"""

import functools
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils.text import slugify
from jsonschema import Draft202012Validator
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from core.import_files import (
    NO,
    YES,
    ImportFileError,
    ImportLimits,
    ProblemList,
    csv_place,
    csv_rows,
    parse_json,
    problem_line,
    read_limited,
    shown,
    split_list,
)
from home.content_loader import PageWriter, edited_by_people_condition
from home.ordered_links import ordered_rows
from taxonomies.models import Audience
from thematiques.models import ThematicPage

from .exports import CSV_COLUMNS, LIST_SEPARATOR, SCHEMA_PATH
from .models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    ActionStatus,
    ActionStatusChange,
    AxisPage,
    KeyIssue,
    ObjectivePage,
    Organisation,
    WorkingGroupPage,
)
from .models.tree import STEP

# Default limits of an import file; settings PPLI_IMPORT_MAX_BYTES and PPLI_IMPORT_MAX_ROWS
# change them. A plan has some hundred actions: these leave room for far larger plans while a
# mistaken file (a database dump, a generated file gone wrong) is refused before it is read.
LIMITS = ImportLimits(
    "PPLI_IMPORT",
    20 * 1024 * 1024,
    50_000,
    "Découpez-le, ou vérifiez que c'est bien un export du plan.",
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


# Reading an import file -----------------------------------------------------------------

# How a CSV column maps to the JSON structure, at each level (axis, objective, action).
AXIS_COLUMNS = {"number": "axis_number", "title": "axis_title"}
OBJECTIVE_COLUMNS = {
    "number": "objective_number",
    "title": "objective_title",
    "thematics": "objective_thematics",
    "priority": "objective_priority",
}
# The action's own columns: the export's, from "number" on.
ACTION_COLUMNS = {name: name for name in CSV_COLUMNS[CSV_COLUMNS.index("number") :]}
# The length of the path of an axis, objective or action: ("axes", 0, "objectives", 1, …).
LEVEL_COLUMNS = {2: AXIS_COLUMNS, 4: OBJECTIVE_COLUMNS, 6: ACTION_COLUMNS}

# What a spreadsheet cell may hold where the JSON has true/false/null or a number.
UNKNOWN = {"", "none", "null"}
INTEGER = re.compile(r"[+-]?\d+")
# What to write in a CSV cell, where the schema's description speaks of JSON values.
CSV_EXPECTED = {
    "objective_number": "un entier de 0 à 32767",
    "objective_title": "le texte de l'objectif, ou une case vide s'il n'est pas connu",
    "objective_priority": "oui, non, ou une case vide si elle n'est pas renseignée",
    "priority": "oui, non, ou une case vide si elle n'est pas renseignée",
    "progress": "un entier de 0 à 100, ou une case vide s'il n'est pas connu",
    "working_group": "le titre d'un groupe de travail du site, ou une case vide",
    "status": "un code ("
    + ", ".join(ActionStatus.values)
    + ") ou un libellé ("
    + ", ".join(str(label) for label in ActionStatus.labels)
    + "), ou une case vide pour non_renseigne",
}


def type_name(value):
    """A JSON value's type, in French."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int):
        return "un nombre entier"
    if isinstance(value, float):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    return "un objet"


SCHEMA_TYPES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "null": "null",
    "array": "une liste",
    "object": "un objet",
}


@functools.cache
def export_schema():
    """The published JSON Schema of export.json, which import files follow too."""
    with SCHEMA_PATH.open(encoding="utf-8") as stream:
        return json.load(stream)


@functools.cache
def schema_validator(with_plan=True):
    """A validator of the whole file (JSON), or of its axes only (a CSV file has no plan)."""
    schema = export_schema()
    if not with_plan:
        schema = {**schema, "required": ["axes"]}
    return Draft202012Validator(schema)


class ImportFile:
    """An import file read as the JSON structure (`data`), with what reading it found wrong
    (`errors`: [(path, problem, expected)]) and, for a CSV file, the line of each item."""

    def __init__(self, kind, data, errors=(), lines=None):
        self.kind = kind
        self.data = data
        self.errors = list(errors)
        self.lines = lines  # CSV: {path of an axis, objective or action: line}

    @property
    def is_csv(self):
        return self.kind == "csv"

    def locate(self, path):
        """(CSV line, path of the item on that line) of a path in the structure."""
        for size in (6, 4, 2):
            line = self.lines.get(tuple(path[:size]))
            if line is not None:
                return line, tuple(path[:size])
        return None, ()

    def where(self, path):
        """Where a problem is, as its reader finds it: a line and column of the spreadsheet,
        or a JSON path (with the number of the item it is in)."""
        path = tuple(path)
        if self.is_csv:
            line, item = self.locate(path)
            if line is None:
                return "fichier"
            return csv_place(line, self.column(path, item))
        text = json_path(path)
        label = self.item_label(path)
        return f"{text} ({label})" if label else text

    def place(self, path):
        """Where an item is, to point at it from another problem."""
        if self.is_csv:
            line, _ = self.locate(tuple(path))
            return f"ligne {line}"
        return json_path(path)

    def column(self, path, item):
        if len(path) <= len(item):
            return None
        return LEVEL_COLUMNS[len(item)].get(path[len(item)])

    def item_label(self, path):
        """ "action « 1.1 »" for a path inside that action, if its number can be read."""
        label, node = None, self.data
        names = {2: "axe", 4: "objectif", 6: "action"}
        for depth, step in enumerate(path, start=1):
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            if depth in names and isinstance(node, dict):
                number = node.get("number")
                if isinstance(number, str | int) and not isinstance(number, bool):
                    text = str(number)
                    label = f"{names[depth]} « {text if len(text) <= 20 else text[:20] + '…'} »"
        return label

    def sort_key(self, path):
        """Problems are listed in the order of the file."""
        if self.is_csv:
            line, item = self.locate(path)
            column = self.column(path, item)
            index = CSV_COLUMNS.index(column) if column in CSV_COLUMNS else -1
            return (line or 0, index, str(path))
        return tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in path)


def json_path(path):
    """A path in the structure as JSONPath: $.axes[0].objectives[2].number. A key the file
    made up is quoted as a value is (short, control characters visible)."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{safe_key(p)}" for p in path)


def safe_key(key):
    if key.isidentifier() and len(key) <= 40:
        return key
    return shown(key)


def read_import_file(path):
    """A JSON or CSV export file, read within the limits (ImportFile). A file that cannot be
    read at all raises ImportFileError; other problems are kept for the report."""
    kind, content = read_limited(
        path,
        ("json", "csv"),
        LIMITS,
        "Le fichier est vide : aucun axe, objectif ni action à importer.",
    )
    if kind == "csv":
        # Read from the bytes, decoded as the rows are read: the whole text, as a string and
        # in a StringIO (four bytes a character), would triple the memory of a large file.
        return read_csv(io.TextIOWrapper(io.BytesIO(content), "utf-8-sig", newline=""))
    text = content.decode("utf-8-sig")
    del content
    return read_json(text)


def read_json(text):
    data = parse_json(text)
    if count_actions(data) > LIMITS.max_rows():
        raise ImportFileError([LIMITS.too_many("actions")])
    return ImportFile("json", data)


def items_of(value, key):
    """The list `value[key]`, or nothing when the file gives something else there (the schema
    reports it)."""
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def count_actions(data):
    """How many actions a JSON structure holds, whatever its shape."""
    return sum(
        len(items_of(objective, "actions"))
        for axis in items_of(data, "axes")
        for objective in items_of(axis, "objectives")
    )


def yes_no(cell):
    """A priority cell as JSON: true, false, null (empty), or the text if it is none of them."""
    text = cell.lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None if text in UNKNOWN else cell


def integer(cell):
    """A number cell as JSON: an integer, null (empty), or the text if it is not a number."""
    if cell == "":
        return None
    if INTEGER.fullmatch(cell):
        try:
            return int(cell)
        except ValueError:  # more digits than Python converts: a text the schema refuses
            return cell
    return cell


def status_codes():
    """{code or casefolded French label: code} of the action states, made once per file (the
    labels are translations, costly to make per row)."""
    codes = {value: value for value in ActionStatus.values}
    codes.update({str(label).casefold(): value for value, label in ActionStatus.choices})
    return codes


def status_code(cell, codes):
    """A status cell: its code (from the code or the French label), or the text as given."""
    if cell == "":
        return ActionStatus.UNKNOWN.value
    return codes.get(cell, codes.get(cell.casefold(), cell))


def read_csv(stream):
    """The CSV rows turned into the JSON structure: one action per row, the axis and the
    objective repeated on each row (they must agree)."""
    errors, lines = [], {}
    axes = {}  # axis number: (axis, its path, its first line, its cells)
    codes = status_codes()
    rows = csv_rows(
        stream,
        CSV_COLUMNS,
        LIMITS,
        "lignes d'action",
        "Le fichier ne contient que la ligne d'en-tête : aucune action à importer.",
    )
    for line, row, wrong in rows:
        if row is None:
            errors.append((("line", line), *wrong))
        else:
            add_csv_row(row, line, axes, lines, errors, codes)
    data = {"axes": [axis for axis, *_ in axes.values()]}
    for axis in data["axes"]:  # the objectives as a list, as the JSON has them
        axis["objectives"] = list(axis["objectives"].values())
        for objective in axis["objectives"]:
            del objective["_path"], objective["_row"]
    return ImportFile("csv", data, errors, lines)


def add_csv_row(row, line, axes, lines, errors, codes):
    """Add one CSV row (an action) to the structure, under its axis and objective."""
    axis_number = row["axis_number"]
    if axis_number not in axes:
        path = ("axes", len(axes))
        axis = {"number": axis_number, "title": row["axis_title"], "objectives": {}}
        axes[axis_number] = (axis, path, line, row)
        lines[path] = line
    axis, axis_path, axis_line, axis_row = axes[axis_number]
    if row["axis_title"] != axis_row["axis_title"]:
        errors.append(differs_from_first(line, "axis_title", f"l'axe « {axis_number} »", axis_line))
    objective_number = integer(row["objective_number"])
    objectives = axis["objectives"]
    if objective_number not in objectives:
        path = (*axis_path, "objectives", len(objectives))
        objectives[objective_number] = {
            "number": objective_number,
            "title": row["objective_title"] or None,
            "thematics": split_list(row["objective_thematics"], LIST_SEPARATOR),
            "priority": yes_no(row["objective_priority"]),
            "actions": [],
            # Removed once every row is read: where the objective is, and its first row.
            "_path": path,
            "_row": row,
        }
        lines[path] = line
    objective = objectives[objective_number]
    for column in ("objective_title", "objective_thematics", "objective_priority"):
        if row[column] != objective["_row"][column]:
            first = lines[objective["_path"]]
            label = f"l'objectif {row['objective_number']}"
            errors.append(differs_from_first(line, column, label, first))
    lines[(*objective["_path"], "actions", len(objective["actions"]))] = line
    objective["actions"].append(
        {
            "number": row["number"],
            "text": row["text"],
            "by_whom": split_list(row["by_whom"], LIST_SEPARATOR),
            "for_whom": split_list(row["for_whom"], LIST_SEPARATOR),
            "thematics": split_list(row["thematics"], LIST_SEPARATOR),
            "priority": yes_no(row["priority"]),
            "status": status_code(row["status"], codes),
            "progress": integer(row["progress"]),
            "working_group": row["working_group"] or None,
        }
    )


def differs_from_first(line, column, label, first_line):
    return (
        ("line", line, column),
        f"{label} a une autre valeur qu'à sa première ligne (ligne {first_line})",
        "la même valeur sur chaque ligne de l'axe ou de l'objectif : modifiez-la partout",
    )


# Checking -------------------------------------------------------------------------------


class Report(ProblemList):
    """The problems found in a file, each once, listed in the order of the file."""

    def __init__(self, imported):
        super().__init__()
        self.imported = imported

    def add(self, path, problem, expected=None):
        where, key = self.locate(path)
        super().add(key, problem_line(where, problem, expected))

    def locate(self, path):
        if path and path[0] == "line":  # a CSV row that is not in the structure
            line, column = path[1], (path[2] if len(path) > 2 else None)
            index = CSV_COLUMNS.index(column) if column in CSV_COLUMNS else -1
            return csv_place(line, column), (line, index, "")
        return self.imported.where(path), self.imported.sort_key(path)


def schema_problem(error, is_csv):
    """(problem, expected) in French for a jsonschema error, or a list of them (one per
    missing or unknown property)."""
    value = error.instance
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    keyword = error.validator
    if keyword == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        if is_csv:
            problem = "case vide" if value is None else f"{shown(value)} non reconnu"
            return [(problem, description)]
        names = " ou ".join(SCHEMA_TYPES.get(name, name) for name in wanted)
        problem = f"{shown(value)} est {type_name(value)}, il faut {names}"
        return [(problem, description)]
    if keyword == "required":
        properties = error.schema.get("properties", {})
        return [
            (
                f"propriété « {name} » manquante",
                properties.get(name, {}).get("description"),
            )
            for name in error.validator_value
            if isinstance(value, dict) and name not in value
        ]
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        return [
            (f"propriété inconnue « {name} »", description) for name in value if name not in known
        ]
    if keyword == "enum":
        return [(f"{shown(value, is_csv)} n'est pas une valeur permise", description)]
    if keyword == "minimum":
        return [(f"{shown(value)} est inférieur à {error.validator_value}", description)]
    if keyword == "maximum":
        return [(f"{shown(value)} est supérieur à {error.validator_value}", description)]
    if keyword in ("minLength", "pattern"):
        return [("texte vide" if not str(value).strip() else "forme incorrecte", description)]
    if keyword == "maxLength":
        return [
            (
                f"{shown(value)} a {len(value)} caractères, {error.validator_value} au plus",
                description,
            )
        ]
    return [(f"{shown(value, is_csv)} refusé par le schéma ({keyword})", description)]


def check_schema(imported, report):
    """Report every difference between the structure and the published schema."""
    validator = schema_validator(with_plan=not imported.is_csv)
    for error in validator.iter_errors(imported.data):
        path = tuple(error.absolute_path)
        for problem, expected in schema_problem(error, imported.is_csv):
            if imported.is_csv:
                _, item = imported.locate(path)
                expected = CSV_EXPECTED.get(imported.column(path, item), expected)
            report.add(path, problem, expected)


def check_texts(imported, report):
    """No text may hold a NUL character: PostgreSQL cannot store one. (A loop, not recursion:
    a file may nest lists deeper than Python recurses.)"""
    data = imported.data
    stack = [(("axes",), data.get("axes"))] if isinstance(data, dict) else []
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                report.add(path, "caractère nul (U+0000) interdit", "du texte sans caractère nul")
        elif isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


def text_of(value):
    """A text value stripped, or None when it is not a text."""
    return value.strip() if isinstance(value, str) else None


def number_of(value):
    """An objective number, or None when the file gives no valid one (reported elsewhere)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON's 5.0 is the integer 5
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 32767:
        return value
    return None


def optional(value, kind):
    return value if isinstance(value, kind) else None


class ExistingPlan:
    """The plan's pages as the checks need them: axes, objectives and actions by number (with
    their tree path), and the addresses (slugs) taken under each page, read in a few queries."""

    def __init__(self, plan):
        self.plan = plan
        self.axes = dict(AxisPage.objects.child_of(plan).values_list("number", "path"))
        self.objectives = dict(
            ObjectivePage.objects.descendant_of(plan).values_list("number", "path")
        )
        self.actions = dict(ActionPage.objects.descendant_of(plan).values_list("number", "path"))
        self.numbers = {path: number for number, path in self.axes.items()}
        self.numbers.update({path: number for number, path in self.objectives.items()})
        self.slugs = defaultdict(dict)  # parent path: {slug: title}
        children = Page.objects.descendant_of(plan).filter(depth__lte=plan.depth + 3)
        for path, slug, title in children.values_list("path", "slug", "title"):
            self.slugs[path[:-STEP]][slug] = title


class PlanImporter:
    """Checks a whole import file, then hands it to the PlanWriter (nothing written on error)."""

    def __init__(self, plan):
        self.plan = plan
        self.organisations = {o.name.casefold(): o for o in Organisation.objects.all()}
        self.audiences = {a.name.casefold(): a for a in Audience.objects.all()}
        self.thematics = {}
        for thematic in ThematicPage.objects.all():
            self.thematics[thematic.title.casefold()] = thematic
            self.thematics[thematic.slug] = thematic
        self.groups = {g.title.casefold(): g for g in WorkingGroupPage.objects.all()}

    def check(self, imported):
        """The file as clean data (a list of AxisData), or ImportFileError listing every
        problem found."""
        report = Report(imported)
        for path, problem, expected in imported.errors:
            report.add(path, problem, expected)
        check_schema(imported, report)
        check_texts(imported, report)
        axes = CleanPlan(self, imported, report).axes()
        if report:
            raise ImportFileError(report.lines())
        return axes

    def run(self, imported):
        """Check the whole file, then write it; returns the pages created or updated."""
        axes = self.check(imported)
        # The file's structure is no longer needed: freed before the pages are written, if
        # the caller keeps no reference to it (import_plan does not).
        del imported
        return PlanWriter(self.plan).write(axes)


class CleanPlan:
    """One pass over a file's structure: its clean data, and the problems only the site's
    content shows (names that do not exist, numbers given twice, moves, addresses taken).

    Each item knows its parent as a page of the site (its tree path), a new page of the file
    (its path in the file: no page under it yet), or None when the file's parent is itself
    wrong (its number is invalid or given twice): its children's places are then not checked,
    which would only repeat that problem.
    """

    LEVELS = {"axe": "l'axe", "objectif": "l'objectif", "action": "l'action"}

    def __init__(self, importer, imported, report):
        self.importer = importer
        self.imported = imported
        self.report = report
        self.existing = ExistingPlan(importer.plan)
        self.seen = {level: {} for level in self.LEVELS}  # number: path, per level
        self.statuses = set(ActionStatus.values)
        self.new_slugs = defaultdict(dict)  # parent: {slug: (label, path)}

    def axes(self):
        data = self.imported.data
        axes = items_of(data, "axes")
        if isinstance(data, dict) and isinstance(data.get("axes"), list) and not axes:
            self.report.add(("axes",), "le fichier ne contient aucun axe", "au moins un axe")
        return [
            self.axis(axis, ("axes", i)) for i, axis in enumerate(axes) if isinstance(axis, dict)
        ]

    def first_time(self, level, number, path):
        """False (and a problem reported) if the file already gave this number."""
        seen = self.seen[level]
        if number in seen:
            self.report.add(
                (*path, "number"),
                f"{self.LEVELS[level]} « {number} » figure deux fois dans le fichier (aussi "
                f"{self.imported.place(seen[number])})",
                f"un numéro différent pour chaque {level}",
            )
            return False
        seen[number] = path
        return True

    def moved(self, stored_path, path, label, number, parent_level):
        """An existing page the file puts under another parent: refused, not moved."""
        where = self.existing.numbers.get(stored_path[:-STEP], "?")
        parent_label = self.LEVELS[parent_level]
        self.report.add(
            (*path, "number"),
            f"{label} « {number} » est sous {parent_label} « {where} » sur le site, pas sous "
            "celui que donne le fichier",
            f"{parent_label} « {where} », comme sur le site ; déplacer une page se fait dans "
            "l'administration",
        )

    def check_slug(self, parent, slug, label, path):
        """A new page's address must be free under its parent: among the pages there, and
        among the file's other new pages."""
        field_path = (*path, "title" if len(path) == 2 else "number")
        taken = self.existing.slugs.get(parent, {}) if isinstance(parent, str) else {}
        if not slug:
            self.report.add(
                field_path,
                f"{label} n'aurait pas d'adresse : rien à en tirer",
                "au moins une lettre ou un chiffre",
            )
        elif len(slug) > 255:
            self.report.add(
                field_path,
                f"l'adresse de {label} aurait {len(slug)} caractères",
                "un texte plus court : une adresse a 255 caractères au plus",
            )
        elif slug in taken:
            self.report.add(
                field_path,
                f"l'adresse « {slug} » de {label} est déjà celle de la page « {taken[slug]} »",
                "un numéro ou un intitulé qui donne une autre adresse sous le même parent",
            )
        elif slug in self.new_slugs[parent]:
            other, other_path = self.new_slugs[parent][slug]
            self.report.add(
                field_path,
                f"l'adresse « {slug} » de {label} serait aussi celle de {other} "
                f"({self.imported.place(other_path)})",
                "un numéro ou un intitulé qui donne une autre adresse sous le même parent",
            )
        else:
            self.new_slugs[parent][slug] = (label, path)

    def axis(self, axis, path):
        number = text_of(axis.get("number"))
        title = text_of(axis.get("title"))
        place = None  # the tree path of the axis on the site, its path in the file if new
        if number and len(number) <= 20 and self.first_time("axe", number, path):
            place = self.existing.axes.get(number)
            if place is None:
                place = path
                if title:  # a new axis: its address comes from its title
                    label = f"l'axe « {number} »"
                    self.check_slug(self.importer.plan.path, slugify(title), label, path)
        if number and title and len(f"{number} {title}") > 255:
            self.report.add(
                (*path, "title"),
                f"le titre de la page, « numéro intitulé », aurait {len(number + title) + 1} "
                "caractères",
                "255 caractères au plus pour le numéro, une espace et l'intitulé",
            )
        objectives = [
            self.objective(objective, (*path, "objectives", j), place)
            for j, objective in enumerate(items_of(axis, "objectives"))
            if isinstance(objective, dict)
        ]
        return AxisData(number=number or "", title=title or "", objectives=objectives)

    def objective(self, objective, path, axis):
        number = number_of(objective.get("number"))
        place = None
        if number is not None and self.first_time("objectif", number, path):
            place = self.place_item(
                axis, path, self.existing.objectives, number, "objectif", "axe",
                ObjectivePage.numbered_slug(number),
            )  # fmt: skip
        actions = [
            self.action(action, (*path, "actions", k), place)
            for k, action in enumerate(items_of(objective, "actions"))
            if isinstance(action, dict)
        ]
        return ObjectiveData(
            number=number if number is not None else 0,
            text=text_of(objective.get("title")) or "",
            thematics=self.thematics(objective, path),
            priority=optional(objective.get("priority"), bool),
            actions=actions,
        )

    def place_item(self, parent, path, stored, number, level, parent_level, slug):
        """Where the item numbered `number` goes: the tree path of its page on the site, or
        its path in the file if it is new. An existing page must already be under `parent`;
        a new one needs a free address there. (`parent` None: not known, nothing checked.)"""
        label = f"{self.LEVELS[level]} « {number} »"
        stored_path = stored.get(number)
        if stored_path is not None:
            if parent is not None and stored_path[:-STEP] != parent:
                self.moved(stored_path, path, self.LEVELS[level], number, parent_level)
            return stored_path
        if parent is not None:
            self.check_slug(parent, slug, label, path)
        return path

    def action(self, action, path, objective):
        importer = self.importer
        number = text_of(action.get("number"))
        if number and len(number) <= 10 and self.first_time("action", number, path):
            self.place_item(
                objective, path, self.existing.actions, number, "action", "objectif",
                ActionPage.numbered_slug(number),
            )  # fmt: skip
        group = None
        group_name = text_of(action.get("working_group"))
        if group_name:
            group = importer.groups.get(group_name.casefold())
            if group is None:
                self.report.add(
                    (*path, "working_group"),
                    f"groupe de travail inconnu {shown(group_name)}",
                    "le titre exact d'un groupe de travail du site, ou rien",
                )
        organisations, by_whom_other = split_known(
            texts_of(action.get("by_whom")), importer.organisations
        )
        audiences, for_whom_other = split_known(
            texts_of(action.get("for_whom")), importer.audiences
        )
        status = action.get("status")
        progress = action.get("progress")
        return ActionData(
            number=number or "",
            text=text_of(action.get("text")) or "",
            organisations=organisations,
            by_whom_other=by_whom_other,
            audiences=audiences,
            for_whom_other=for_whom_other,
            thematics=self.thematics(action, path),
            priority=optional(action.get("priority"), bool),
            status=status if status in self.statuses else ActionStatus.UNKNOWN,
            progress=int(progress) if isinstance(progress, int | float) else None,
            working_group=group,
        )

    def thematics(self, item, path):
        found = []
        for n, name in enumerate(items_of(item, "thematics")):
            if not isinstance(name, str):
                continue  # the schema has reported it
            thematic = self.importer.thematics.get(name.strip().casefold())
            if thematic is None:
                self.report.add(
                    (*path, "thematics", n),
                    f"thématique inconnue {shown(name)}",
                    "le titre ou l'adresse d'une thématique du site, ex. « Logement »",
                )
            else:
                found.append(thematic)
        return found


def texts_of(value):
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def split_known(names, known):
    """(snippet, qualifier) pairs of the names of known snippets (by case-insensitive name,
    maybe followed by a qualifier, as the export writes "FOREm (GT primo-arrivant)"), and the
    other names, one per line."""
    matched, others = [], []
    for name in (name.strip() for name in names):
        if name:
            found = known_with_qualifier(name, known)
            (matched if found else others).append(found or name)
    return matched, "\n".join(others)


# What may follow a snippet's name in an item: "(…)" or ": …" (the booklet's qualifiers and
# examples), or a few words after a space ("Travailleurs sociaux et de la santé").
QUALIFIER_START = re.compile(r" (?=[(:]|et )")


def known_with_qualifier(name, known):
    """(snippet, qualifier) if `name` is a known snippet's name, alone or followed by a
    qualifier (the longest known name wins), else None."""
    folded = name.casefold()
    if folded in known:
        return known[folded], ""
    for match in reversed(list(QUALIFIER_START.finditer(name))):
        head = folded[: match.start()]
        if head in known:
            return known[head], name[match.start() + 1 :]
    return None
