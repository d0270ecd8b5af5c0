"""Checking: whether a file read (`reading.ImportFile`) can be written, every problem in French.

1. the structure is checked against the published JSON Schema (data/plan-export.schema.json,
   the same for both formats);
2. `PlanImporter` checks what a schema cannot know: thematics and working groups that exist,
   numbers given twice, pages the file would move, addresses (slugs) already taken, and turns
   the structure into clean data for the writer (writing.py).
Every problem, with those found while reading, is reported at once, in the order of the file,
with where it is and what is expected (docs/donnees-ouvertes.md); nothing is written if there
is one.
"""

import functools
import json
import re
from collections import defaultdict

from django.utils.text import slugify
from jsonschema import Draft202012Validator
from wagtail.models import Page

from core.import_files import (
    ImportFileError,
    ProblemList,
    csv_place,
    problem_line,
    shown,
)
from taxonomies.models import Audience
from thematiques.models import ThematicPage

from ..exports import CSV_COLUMNS, SCHEMA_PATH
from ..models import (
    ActionPage,
    ActionStatus,
    AxisPage,
    ObjectivePage,
    Organisation,
    WorkingGroupPage,
)
from ..models.tree import STEP
from .reading import items_of
from .writing import ActionData, AxisData, ObjectiveData, PlanWriter

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
