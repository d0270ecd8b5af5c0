"""Reading: an import file (the plan's JSON or CSV export, edited) turned into rows of the
JSON structure.

`read_import_file` reads a file within its limits (`LIMITS`: the reading, the limits and the
CSV rows are shared with the directory's import, core/import_files.py) and turns a CSV file
into the JSON structure, one action per row, remembering the line of each item; what it finds
wrong on the way is kept for the report (`ImportFile.errors`), which says where a problem is:
a line and column of the spreadsheet, or a JSON path.
"""

import io
import re

from core.import_files import (
    NO,
    YES,
    ImportFileError,
    ImportLimits,
    csv_place,
    csv_rows,
    parse_json,
    read_limited,
    shown,
    split_list,
)

from ..exports import CSV_COLUMNS, LIST_SEPARATOR
from ..models import ActionStatus

# Default limits of an import file; settings PPLI_IMPORT_MAX_BYTES and PPLI_IMPORT_MAX_ROWS
# change them. A plan has some hundred actions: these leave room for far larger plans while a
# mistaken file (a database dump, a generated file gone wrong) is refused before it is read.
LIMITS = ImportLimits(
    "PPLI_IMPORT",
    20 * 1024 * 1024,
    50_000,
    "Découpez-le, ou vérifiez que c'est bien un export du plan.",
)


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
