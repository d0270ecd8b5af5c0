"""Open data: a plan as JSON or CSV, in the schema of docs/donnees-ouvertes.md (the import
of the same files is ppli/importing/). export.json follows a published JSON Schema,
data/plan-export.schema.json, served beside it (export.schema.json)."""

import functools
from pathlib import Path

from django.http import HttpResponse, JsonResponse

from core.spreadsheets import csv_download, csv_text

from .models.plan import build_plan_tree

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
# The JSON Schema of export.json; tests/ppli/test_import_plan.py checks the export against it.
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "plan-export.schema.json"
SCHEMA_CONTENT_TYPE = "application/schema+json"


def yes_no(value):
    """A priority in a spreadsheet cell: "oui", "non", or empty when it is not known."""
    return "" if value is None else ("oui" if value else "non")


def action_to_dict(action):
    """An action row (ppli/models/rows.py) in the documented schema."""
    return {
        "number": action.number,
        "text": action.text,
        # As the booklet writes them: a partner with its qualifier, "FOREm (GT primo-arrivant)".
        "by_whom": [o.label for o in action.organisations] + action.by_whom_others,
        "for_whom": [a.label for a in action.audiences] + action.for_whom_others,
        "thematics": action.thematics,
        "priority": action.priority,
        "status": action.status,
        "progress": action.progress,
        "working_group": action.working_group,
    }


def plan_to_dict(plan):
    """The whole plan in the documented JSON schema."""
    tree = build_plan_tree(plan, export=True)
    return {
        "plan": {
            "title": plan.title,
            "period": plan.period,
            "url": plan.full_url,
            # The mean of the actions whose progress is known, and how many they are.
            "progress": tree.progress,
            "actions_with_progress": tree.known_count,
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
                        "thematics": objective.page.thematics,
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
                    "objective_priority": yes_no(objective["priority"]),
                    "number": action["number"],
                    "text": action["text"],
                    "by_whom": LIST_SEPARATOR.join(action["by_whom"]),
                    "for_whom": LIST_SEPARATOR.join(action["for_whom"]),
                    "thematics": LIST_SEPARATOR.join(action["thematics"]),
                    "priority": yes_no(action["priority"]),
                    "status": action["status"],
                    "progress": "" if action["progress"] is None else action["progress"],
                    "working_group": action["working_group"] or "",
                }


def plan_to_csv(plan):
    """The plan as CSV text; no cell runs as a formula in a spreadsheet (core/spreadsheets.py,
    undone by the import)."""
    return csv_text(CSV_COLUMNS, dict_to_rows(plan_to_dict(plan)))


def export_filename(plan, extension):
    return f"ppli-{plan.slug}.{extension}"


def json_response(plan):
    response = JsonResponse(
        plan_to_dict(plan), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'inline; filename="{export_filename(plan, "json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    # The standard way to name the schema a JSON document follows (RFC 8288, "describedby").
    response["Link"] = f'<{plan.export_url("schema.json")}>; rel="describedby"'
    return response


@functools.cache
def schema_text():
    return SCHEMA_PATH.read_text(encoding="utf-8")


def schema_response(plan):
    """The JSON Schema of export.json, the same for every plan, served beside each export."""
    response = HttpResponse(schema_text(), content_type=f"{SCHEMA_CONTENT_TYPE}; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ppli-plan.schema.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_response(plan):
    return csv_download(plan_to_csv(plan), export_filename(plan, "csv"))
