"""The one writer of plan pages, and the import of plan files (JSON or CSV exports).

`PlanWriter` creates or updates axes, objectives and actions from clean data (`AxisData`…),
with one slug rule for each level. Two callers feed it: the initial content (the booklet's
YAML, ppli/initial_content.py), which never rewrites what a person has edited, and
`import_plan`, which applies a file staff chose to import. The file schema is in
docs/donnees-ouvertes.md.
"""

import csv
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from core.spreadsheets import restore_cell
from home.content_loader import PageWriter, edited_by_people
from home.ordered_links import ordered_rows
from taxonomies.models import Audience
from thematiques.models import ThematicPage

from .exports import CSV_COLUMNS, LIST_SEPARATOR
from .models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    ActionStatus,
    AxisPage,
    KeyIssue,
    ObjectivePage,
    Organisation,
    WorkingGroupPage,
)


class PlanImportError(Exception):
    """The file cannot be imported; `errors` lists every problem, in French."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


# Clean data -----------------------------------------------------------------------------

# A value the data does not give: what is stored stays. (None is a value: "not known".)
KEEP = "__keep__"


@dataclass
class ActionData:
    number: str
    text: str
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
    number: int
    text: str
    thematics: list = field(default_factory=list)
    priority: bool | None = None
    actions: list = field(default_factory=list)


@dataclass
class AxisData:
    number: str
    title: str
    objectives: list = field(default_factory=list)
    # Only the booklet gives these; an imported file leaves them as they are.
    slug: str | None = None
    constats: str = KEEP
    note: str = KEEP
    key_issues: list = KEEP  # [(number, text)]


# Writing --------------------------------------------------------------------------------

# Actions name their snippets through orderable links (edited with choosers in the admin).
LINKS = {
    "organisations": ("organisation_links", ActionOrganisation, "organisation"),
    "audiences": ("audience_links", ActionAudience, "audience"),
}


class PlanWriter(PageWriter):
    """Creates or updates a plan's axes, objectives and actions (see PageWriter for what
    keep_edits means). Neither the initial content nor an import writes a follow-up history
    entry: the history records what people publish."""

    def __init__(self, plan, keep_edits=False):
        super().__init__(keep_edits)
        self.plan = plan

    def current(self, page, name):
        if name in LINKS:
            return [item.pk for item in getattr(page, name)]
        if name == "key_issues":
            return [(issue.number, issue.text) for issue in page.key_issues.all()]
        return super().current(page, name)

    def wanted(self, model, name, value):
        if name in LINKS:  # ordered: the editors' order of "Par qui ?" and "Pour qui ?"
            return [item.pk for item in value]
        return super().wanted(model, name, value)

    def assign(self, page, name, value):
        if name in LINKS:
            relation, link_model, field_name = LINKS[name]
            setattr(page, relation, ordered_rows(link_model, field_name, value))
        elif name == "key_issues":
            page.key_issues = [
                KeyIssue(number=number, text=text, sort_order=n)
                for n, (number, text) in enumerate(value)
            ]
        else:
            super().assign(page, name, value)

    def save(self, page, model, slug, values, parent):
        values = {name: value for name, value in values.items() if value is not KEEP}
        page = super().save(page, model, slug, values, parent)
        if self.keep_edits and isinstance(page, ActionPage) and not edited_by_people(page):
            # Entries the earlier loader wrote at each load: not events a person made.
            page.status_changes.filter(changed_by__isnull=True).delete()
        return page

    @transaction.atomic
    def write(self, axes):
        """Write clean data (a list of AxisData); returns the pages created or updated."""
        existing_axes = {a.number: a for a in AxisPage.objects.child_of(self.plan)}
        objectives = {o.number: o for o in ObjectivePage.objects.descendant_of(self.plan)}
        actions = {a.number: a for a in ActionPage.objects.descendant_of(self.plan)}
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
                objective = self.save(
                    objectives.get(objective_data.number),
                    ObjectivePage,
                    ObjectivePage.numbered_slug(objective_data.number),
                    {
                        "number": objective_data.number,
                        "text": objective_data.text,
                        "priority": objective_data.priority,
                        "thematics": objective_data.thematics,
                    },
                    axis,
                )
                for action_data in objective_data.actions:
                    self.save(
                        actions.get(action_data.number),
                        ActionPage,
                        ActionPage.numbered_slug(action_data.number),
                        dict(vars(action_data)),
                        objective,
                    )
        return self.created + self.updated


# Import files ---------------------------------------------------------------------------


def split_list(value):
    return [item.strip() for item in (value or "").split(LIST_SEPARATOR.strip()) if item.strip()]


def split_known(names, known):
    """Names matching a known snippet (by case-insensitive name) and the others, one per line."""
    names = [str(name).strip() for name in names]
    matched = [known[name.casefold()] for name in names if name.casefold() in known]
    others = "\n".join(name for name in names if name.casefold() not in known)
    return matched, others


def parse_priority(value, where, errors):
    """oui / non, or empty for a priority nobody has recorded."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in {"oui", "true", "1", "yes"}:
        return True
    if text in {"non", "false", "0", "no"}:
        return False
    if text in {"", "none", "null"}:
        return None
    errors.append(f"{where} : priorité « {value} » inconnue (oui, non, ou vide si inconnue).")
    return None


def rows_to_dict(rows):
    """The CSV rows back into the JSON structure."""
    axes = {}
    for row in rows:
        # The export marks a formula-like text with an apostrophe (core/spreadsheets.py).
        row = {column: restore_cell(value) for column, value in row.items()}
        missing = [column for column in CSV_COLUMNS if column not in row]
        if missing:
            raise PlanImportError([f"Colonnes manquantes : {', '.join(missing)}."])
        axis = axes.setdefault(
            row["axis_number"],
            {"number": row["axis_number"], "title": row["axis_title"], "objectives": {}},
        )
        objective = axis["objectives"].setdefault(
            row["objective_number"],
            {
                "number": row["objective_number"],
                "title": row["objective_title"],
                "thematics": split_list(row["objective_thematics"]),
                "priority": row["objective_priority"],
                "actions": [],
            },
        )
        objective["actions"].append(
            {
                "number": row["number"],
                "text": row["text"],
                "by_whom": split_list(row["by_whom"]),
                "for_whom": split_list(row["for_whom"]),
                "thematics": split_list(row["thematics"]),
                "priority": row["priority"],
                "status": row["status"],
                "progress": row["progress"],
                "working_group": row["working_group"] or None,
            }
        )
    return {
        "axes": [
            {**axis, "objectives": list(axis["objectives"].values())} for axis in axes.values()
        ]
    }


def read_import_file(path):
    """A JSON or CSV export file, as the JSON structure."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            if str(path).lower().endswith(".csv"):
                return rows_to_dict(csv.DictReader(stream))
            return json.load(stream)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as error:
        raise PlanImportError([f"Fichier illisible : {error}"]) from error


class PlanImporter:
    """Checks a whole import file, then hands it to the PlanWriter (nothing written on error)."""

    def __init__(self, plan):
        self.plan = plan
        self.errors = []
        self.organisations = {o.name.casefold(): o for o in Organisation.objects.all()}
        self.audiences = {a.name.casefold(): a for a in Audience.objects.all()}
        self.thematics = {}
        for thematic in ThematicPage.objects.all():
            self.thematics[thematic.title.casefold()] = thematic
            self.thematics[thematic.slug] = thematic
        self.groups = {g.title.casefold(): g for g in WorkingGroupPage.objects.all()}

    # Validation turns the file into clean values, collecting every error before any write.
    def clean_thematics(self, names, where):
        found = []
        for name in names:
            thematic = self.thematics.get(str(name).casefold())
            if thematic is None:
                self.errors.append(f"{where} : thématique « {name} » inconnue.")
            else:
                found.append(thematic)
        return found

    def clean_status(self, value, where):
        status = value or ActionStatus.UNKNOWN
        if status in ActionStatus.values:
            return status
        labels = {str(label): value for value, label in ActionStatus.choices}
        if status in labels:
            return labels[status]
        self.errors.append(f"{where} : état « {status} » inconnu.")
        return ActionStatus.UNKNOWN

    def clean_progress(self, value, where):
        if value is None or str(value).strip() == "":
            return None
        try:
            progress = int(value)
            if not 0 <= progress <= 100:
                raise ValueError
        except (TypeError, ValueError):
            self.errors.append(f"{where} : avancement « {value} » invalide (0 à 100, ou vide).")
            return None
        return progress

    def clean_action(self, data, where):
        group = None
        if data.get("working_group"):
            group = self.groups.get(str(data["working_group"]).casefold())
            if group is None:
                self.errors.append(
                    f"{where} : groupe de travail « {data['working_group']} » inconnu."
                )
        if not str(data.get("number", "")).strip() or not str(data.get("text", "")).strip():
            self.errors.append(f"{where} : numéro et texte de l'action obligatoires.")
        organisations, by_whom_other = split_known(data.get("by_whom", []), self.organisations)
        audiences, for_whom_other = split_known(data.get("for_whom", []), self.audiences)
        return ActionData(
            number=str(data.get("number", "")).strip(),
            text=str(data.get("text", "")).strip(),
            organisations=organisations,
            by_whom_other=by_whom_other,
            audiences=audiences,
            for_whom_other=for_whom_other,
            thematics=self.clean_thematics(data.get("thematics", []), where),
            priority=parse_priority(data.get("priority"), where, self.errors),
            status=self.clean_status(data.get("status"), where),
            progress=self.clean_progress(data.get("progress"), where),
            working_group=group,
        )

    def clean(self, data):
        axes = []
        if not isinstance(data, dict) or not isinstance(data.get("axes"), list):
            raise PlanImportError(["Le fichier ne suit pas le schéma : clé « axes » absente."])
        for axis in data["axes"]:
            objectives = []
            for objective in axis.get("objectives", []):
                where = f"objectif {objective.get('number')}"
                try:
                    number = int(objective.get("number"))
                except (TypeError, ValueError):
                    self.errors.append(f"{where} : numéro invalide.")
                    continue
                actions = [
                    self.clean_action(action, f"action {action.get('number')}")
                    for action in objective.get("actions", [])
                ]
                objectives.append(
                    ObjectiveData(
                        number=number,
                        text=str(objective.get("title") or "").strip(),
                        thematics=self.clean_thematics(objective.get("thematics", []), where),
                        priority=parse_priority(objective.get("priority"), where, self.errors),
                        actions=actions,
                    )
                )
            axes.append(
                AxisData(
                    number=str(axis.get("number", "")).strip(),
                    title=str(axis.get("title", "")).strip(),
                    objectives=objectives,
                )
            )
        if self.errors:
            raise PlanImportError(self.errors)
        return axes

    def run(self, data):
        """Check the whole file, then write it; returns the pages created or updated."""
        return PlanWriter(self.plan).write(self.clean(data))
