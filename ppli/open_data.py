"""Open data: the plan as JSON or CSV, and the import of the same files (update or create).

The schema and licence are documented in docs/donnees-ouvertes.md.
"""

import csv
import io
import json

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.text import slugify

from thematiques.models import ThematicPage

from .models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    ActionStatus,
    Audience,
    AxisPage,
    ObjectivePage,
    Organisation,
    WorkingGroupPage,
)
from .plan_tree import build_plan_tree

LIST_SEPARATOR = "; "
CSV_COLUMNS = [
    "axis_number",
    "axis_title",
    "objective_number",
    "objective_title",
    "objective_thematics",
    "objective_priority",
    "number",
    "text",
    "by_whom",
    "for_whom",
    "thematics",
    "priority",
    "status",
    "progress",
    "working_group",
]
LICENCE = "CC BY 4.0"


class PlanImportError(Exception):
    """The file cannot be imported; `errors` lists every problem, in French."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


# Export ---------------------------------------------------------------------------------


def action_to_dict(action):
    return {
        "number": action.number,
        "text": action.text,
        "by_whom": [o.name for o in action.organisations] + action.by_whom_others,
        "for_whom": [a.name for a in action.audiences] + action.for_whom_others,
        "thematics": sorted(t.title for t in action.thematics.all()),
        "priority": action.priority,
        "status": action.status,
        "progress": action.progress,
        "working_group": action.working_group.title if action.working_group else None,
    }


def plan_to_dict(plan):
    """The whole plan in the documented JSON schema."""
    tree = build_plan_tree(plan, thematics=True)
    return {
        "plan": {
            "title": plan.title,
            "period": plan.period,
            "url": plan.full_url,
            "progress": tree.progress,
            "licence": LICENCE,
        },
        "axes": [
            {
                "number": axis.page.number,
                "title": axis.page.short_title,
                "objectives": [
                    {
                        "number": objective.page.number,
                        # Text lost from the source: unknown, not empty.
                        "title": objective.page.text or None,
                        "thematics": sorted(t.title for t in objective.page.thematics.all()),
                        "priority": objective.page.priority,
                        "actions": [action_to_dict(action) for action in objective.actions],
                    }
                    for objective in axis.objectives
                ],
            }
            for axis in tree.axes
        ],
    }


def dict_to_rows(data):
    """One CSV row per action, lists joined with LIST_SEPARATOR."""
    for axis in data["axes"]:
        for objective in axis["objectives"]:
            for action in objective["actions"]:
                yield {
                    "axis_number": axis["number"],
                    "axis_title": axis["title"],
                    "objective_number": objective["number"],
                    "objective_title": objective["title"] or "",
                    "objective_thematics": LIST_SEPARATOR.join(objective["thematics"]),
                    "objective_priority": "oui" if objective["priority"] else "non",
                    "number": action["number"],
                    "text": action["text"],
                    "by_whom": LIST_SEPARATOR.join(action["by_whom"]),
                    "for_whom": LIST_SEPARATOR.join(action["for_whom"]),
                    "thematics": LIST_SEPARATOR.join(action["thematics"]),
                    "priority": "oui" if action["priority"] else "non",
                    "status": action["status"],
                    "progress": action["progress"],
                    "working_group": action["working_group"] or "",
                }


def plan_to_csv(plan):
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dict_to_rows(plan_to_dict(plan)))
    return output.getvalue()


def export_filename(plan, extension):
    return f"ppli-{plan.slug}.{extension}"


def json_response(plan):
    response = JsonResponse(
        plan_to_dict(plan), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'inline; filename="{export_filename(plan, "json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_response(plan):
    # A BOM so spreadsheet programs read the accents right.
    response = HttpResponse("\ufeff" + plan_to_csv(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(plan, "csv")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# Import ---------------------------------------------------------------------------------


def split_list(value):
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def split_known(names, known):
    """Names matching a known snippet (by case-insensitive name) and the others, one per line."""
    names = [str(name).strip() for name in names]
    matched = [known[name.casefold()] for name in names if name.casefold() in known]
    others = "\n".join(name for name in names if name.casefold() not in known)
    return matched, others


def parse_yes_no(value, where, errors):
    text = str(value).strip().lower()
    if text in {"oui", "true", "1", "yes"}:
        return True
    if text in {"non", "false", "0", "no", ""}:
        return False
    errors.append(f"{where} : priorité « {value} » inconnue (oui ou non).")
    return False


def rows_to_dict(rows):
    """The CSV rows back into the JSON structure."""
    axes = {}
    errors = []
    for line, row in enumerate(rows, start=2):
        missing = [column for column in CSV_COLUMNS if column not in row]
        if missing:
            raise PlanImportError([f"Colonnes manquantes : {', '.join(missing)}."])
        where = f"ligne {line}"
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
                "priority": parse_yes_no(row["objective_priority"], where, errors),
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
                "priority": parse_yes_no(row["priority"], where, errors),
                "status": row["status"],
                "progress": row["progress"],
                "working_group": row["working_group"] or None,
            }
        )
    if errors:
        raise PlanImportError(errors)
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


# Actions name their snippets through orderable links (edited with choosers in the admin).
LINKS = {
    "organisations": ("organisation_links", ActionOrganisation, "organisation"),
    "audiences": ("audience_links", ActionAudience, "audience"),
}


def related(page, name):
    """The snippets or pages a list field points to, in their stored order."""
    if name in LINKS:
        return getattr(page, name)
    return list(getattr(page, name).all())


def set_related(page, name, items):
    if name in LINKS:
        relation, link_model, field = LINKS[name]
        setattr(page, relation, [link_model(**{field: item}) for item in items])
    else:
        setattr(page, name, items)


class PlanImporter:
    """Updates or creates axes, objectives and actions of a plan by their numbers."""

    def __init__(self, plan):
        self.plan = plan
        self.errors = []
        self.changed = []
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

    def clean_action(self, data, where):
        status = data.get("status") or ActionStatus.PLANNED
        if status not in ActionStatus.values:
            labels = {str(label): value for value, label in ActionStatus.choices}
            if status in labels:
                status = labels[status]
            else:
                self.errors.append(f"{where} : état « {status} » inconnu.")
        try:
            progress = int(data.get("progress") or 0)
            if not 0 <= progress <= 100:
                raise ValueError
        except (TypeError, ValueError):
            self.errors.append(
                f"{where} : avancement « {data.get('progress')} » invalide (0 à 100)."
            )
            progress = 0
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
        return {
            "number": str(data.get("number", "")).strip(),
            "text": str(data.get("text", "")).strip(),
            "organisations": organisations,
            "by_whom_other": by_whom_other,
            "audiences": audiences,
            "for_whom_other": for_whom_other,
            "thematics": self.clean_thematics(data.get("thematics", []), where),
            "priority": bool(data.get("priority")),
            "status": status,
            "progress": progress,
            "working_group": group,
        }

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
                    {
                        "number": number,
                        "text": str(objective.get("title") or "").strip(),
                        "thematics": self.clean_thematics(objective.get("thematics", []), where),
                        "priority": bool(objective.get("priority")),
                        "actions": actions,
                    }
                )
            axes.append(
                {
                    "number": str(axis.get("number", "")).strip(),
                    "title": str(axis.get("title", "")).strip(),
                    "objectives": objectives,
                }
            )
        if self.errors:
            raise PlanImportError(self.errors)
        return axes

    # Writing: only what differs gets a new published revision.
    def save(self, page, values, parent=None):
        """Create the page, or update it when a value differs; lists are compared in order."""
        model, slug = values.pop("_model"), values.pop("_slug", None)
        if page is None:
            page = model(**{k: v for k, v in values.items() if not isinstance(v, list)})
            page.slug = slug or slugify(page.title)
            for name, items in values.items():
                if isinstance(items, list):
                    set_related(page, name, items)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.changed.append(page)
            return page
        differs = False
        for name, value in values.items():
            if isinstance(value, list):
                if [item.pk for item in related(page, name)] != [item.pk for item in value]:
                    set_related(page, name, value)
                    differs = True
            elif getattr(page, name) != value:
                setattr(page, name, value)
                differs = True
        if differs:
            page.save_revision().publish()
            self.changed.append(page)
        return page

    @transaction.atomic
    def run(self, data):
        axes = self.clean(data)
        existing_axes = {a.number: a for a in AxisPage.objects.child_of(self.plan)}
        objectives = {o.number: o for o in ObjectivePage.objects.descendant_of(self.plan)}
        actions = {a.number: a for a in ActionPage.objects.descendant_of(self.plan)}
        for axis_data in axes:
            axis = existing_axes.get(axis_data["number"])
            if axis is None:
                axis = self.save(
                    None,
                    {
                        "_model": AxisPage,
                        "title": f"{axis_data['number']} {axis_data['title']}",
                        "number": axis_data["number"],
                        "short_title": axis_data["title"],
                    },
                    self.plan,
                )
            for objective_data in axis_data["objectives"]:
                objective = self.save(
                    objectives.get(objective_data["number"]),
                    {
                        "_model": ObjectivePage,
                        "_slug": f"objectif-{objective_data['number']}",
                        "number": objective_data["number"],
                        "text": objective_data["text"],
                        "priority": objective_data["priority"],
                        "thematics": objective_data["thematics"],
                    },
                    axis,
                )
                for action_data in objective_data["actions"]:
                    self.save(
                        actions.get(action_data["number"]),
                        {
                            "_model": ActionPage,
                            "_slug": f"action-{slugify(action_data['number'].replace('.', '-'))}",
                            **action_data,
                        },
                        objective,
                    )
        return self.changed
