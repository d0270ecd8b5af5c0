"""import_plan refuses any malformed file with one French report of every problem, writes
nothing then, follows the published JSON Schema, and scales with the rows it changes."""

import copy
import csv
import io
import json
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify
from jsonschema import Draft202012Validator
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from ppli.exports import CSV_COLUMNS, SCHEMA_PATH, plan_to_csv, plan_to_dict
from ppli.importing.checking import PlanImporter
from ppli.importing.reading import read_import_file
from ppli.models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    ActionStatus,
    AxisPage,
    ObjectivePage,
    PlanPage,
)

pytestmark = pytest.mark.django_db


# Files ----------------------------------------------------------------------------------


@pytest.fixture
def plan():
    return PlanPage.objects.get()


def export_rows(plan):
    """The plan's CSV export as rows; rows[i] is line i + 2 of the file."""
    return list(csv.DictReader(io.StringIO(plan_to_csv(plan))))


def csv_bytes(rows, columns=CSV_COLUMNS):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def json_bytes(data):
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def database_state():
    """What an import could change: pages, their fields and links, revisions, logs, index."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "pk", "path", "slug", "title", "live", "numchild", "latest_revision_id"
            )
        ),
        "axes": list(AxisPage.objects.order_by("pk").values_list("pk", "number", "short_title")),
        "objectives": list(
            ObjectivePage.objects.order_by("pk").values_list("pk", "number", "text", "priority")
        ),
        "actions": list(
            ActionPage.objects.order_by("pk").values_list(
                "pk", "number", "text", "status", "progress", "priority", "working_group_id"
            )
        ),
        "links": (ActionOrganisation.objects.count(), ActionAudience.objects.count()),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "references": ReferenceIndex.objects.count(),
    }


def refused(tmp_path, name, content, **options):
    """The report of an import that must fail, once it is checked that nothing changed."""
    path = tmp_path / name
    path.write_bytes(content)
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(path), stdout=io.StringIO(), **options)
    assert database_state() == before
    message = str(error.value)
    assert message.startswith("Import refusé, rien n'a été modifié : ")
    assert "Traceback" not in message
    return message


def imported(tmp_path, name, content, **options):
    path = tmp_path / name
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_plan", str(path), stdout=out, **options)
    return out.getvalue()


# Malformed files: one case each for what used to end in a traceback -----------------------


def csv_case(change):
    def build(plan):
        rows = export_rows(plan)
        change(rows)
        return "plan.csv", csv_bytes(rows)

    return build


def json_case(change):
    def build(plan):
        data = plan_to_dict(plan)
        change(data)
        return "plan.json", json_bytes(data)

    return build


def set_cell(index, column, value):
    def change(rows):
        rows[index][column] = value

    return change


def set_axis_cells(values):
    """Give every row of the first axis these cells (an axis is read from each of its rows)."""

    def change(rows):
        first = rows[0]["axis_number"]
        for row in rows:
            if row["axis_number"] == first:
                row.update(values)

    return change


def add_actions(*numbers):
    """New rows under objective 1, one per number."""

    def change(rows):
        for number in numbers:
            rows.append(dict(rows[0], number=number, text=f"Action ajoutée {number}."))

    return change


def set_json(path, value):
    def change(data):
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return change


MALFORMED = {
    "objective-negative": (
        csv_case(set_cell(0, "objective_number", "-5")),
        ["ligne 2, colonne « objective_number » : -5 est inférieur à 0", "un entier de 0 à 32767"],
    ),
    "objective-too-large": (
        csv_case(set_cell(0, "objective_number", "99999")),
        ["ligne 2, colonne « objective_number » : 99999 est supérieur à 32767"],
    ),
    "objective-too-large-json": (
        json_case(set_json(["axes", 0, "objectives", 0, "number"], 99999)),
        ["$.axes[0].objectives[0].number (objectif « 99999 ») : 99999 est supérieur à 32767"],
    ),
    "action-number-of-14-characters": (
        csv_case(set_cell(1, "number", "12345678901234")),
        [
            "ligne 3, colonne « number » : « 12345678901234 » a 14 caractères, 10 au plus",
            "un texte non vide de 10 caractères au plus",
        ],
    ),
    "new-actions-with-one-address": (
        csv_case(add_actions("1.99", "1-99")),
        [
            "ligne 57, colonne « number » : l'adresse « action-1-99 » de l'action « 1-99 » "
            "serait aussi celle de l'action « 1.99 » (ligne 56)",
            "un numéro ou un intitulé qui donne une autre adresse sous le même parent",
        ],
    ),
    "new-action-with-the-address-of-a-page": (
        csv_case(add_actions("1-1")),
        [
            "ligne 56, colonne « number » : l'adresse « action-1-1 » de l'action « 1-1 » est "
            "déjà celle de la page « Action 1.1 : Proposer un moyen"
        ],
    ),
    "empty-axis": (
        csv_case(set_axis_cells({"axis_number": "", "axis_title": ""})),
        [
            "ligne 2, colonne « axis_number » : texte vide",
            "ligne 2, colonne « axis_title » : texte vide",
            "un texte non vide de 20 caractères au plus",
        ],
    ),
    "empty-axis-json": (
        json_case(set_json(["axes", 0], {})),
        [
            "$.axes[0] : propriété « number » manquante",
            "$.axes[0] : propriété « title » manquante",
            "$.axes[0] : propriété « objectives » manquante",
        ],
    ),
    "axis-number-of-300-characters": (
        csv_case(set_axis_cells({"axis_number": "8" * 300})),
        ["ligne 2, colonne « axis_number » : « 888", "a 300 caractères, 20 au plus"],
    ),
    "nul-byte": (
        csv_case(set_cell(0, "text", "Proposer\x00un moyen")),
        ["ligne 2, colonne « text » : caractère nul (U+0000) interdit"],
    ),
    "nul-byte-json": (
        json_case(set_json(["axes", 0, "objectives", 0, "actions", 0, "text"], "a\x00b")),
        [
            "$.axes[0].objectives[0].actions[0].text (action « 1.1 ») : caractère nul (U+0000) "
            "interdit"
        ],
    ),
    "objectives-is-a-text": (
        json_case(set_json(["axes", 0, "objectives"], "abc")),
        [
            "$.axes[0].objectives (axe « 1° & 4° ») : « abc » est un texte, il faut une liste",
            "les objectifs de l'axe : une liste d'objectifs",
        ],
    ),
    "axes-are-numbers": (
        json_case(set_json(["axes"], [1, 2])),
        [
            "$.axes[0] : 1 est un nombre entier, il faut un objet",
            "$.axes[1] : 2 est un nombre entier, il faut un objet",
        ],
    ),
    "thematics-is-a-number": (
        json_case(set_json(["axes", 0, "objectives", 0, "thematics"], 5)),
        [
            "$.axes[0].objectives[0].thematics (objectif « 1 ») : 5 est un nombre entier, il faut "
            "une liste"
        ],
    ),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_file_is_refused_with_every_problem_and_nothing_written(plan, tmp_path, case):
    build, expected = MALFORMED[case]
    name, content = build(plan)
    message = refused(tmp_path, name, content)
    for problem in expected:
        assert problem in message


def test_every_problem_is_reported_in_one_pass_in_the_order_of_the_file(plan, tmp_path):
    rows = export_rows(plan)
    rows[0].update(priority="peut-être", status="fini")  # line 2
    rows[1].update(progress="140", objective_title="Un autre titre")  # line 3
    rows[2]["thematics"] = "Astronomie; Logement"  # line 4
    rows[3]["working_group"] = "GT inconnu"  # line 5
    rows[4]["text"] = " "  # line 6
    content = csv_bytes(rows) + b"1,2,3\r\n"  # line 56: too few cells
    message = refused(tmp_path, "plan.csv", content)
    problems = [
        "ligne 2, colonne « priority » : « peut-être » non reconnu (attendu : oui, non, ou une "
        "case vide si elle n'est pas renseignée).",
        "ligne 2, colonne « status » : « fini » n'est pas une valeur permise (attendu : un code "
        "(non_renseigne, a_lancer, en_cours, realisee, abandonnee) ou un libellé (non renseigné, "
        "à lancer, en cours, réalisée, abandonnée), ou une case vide pour non_renseigne).",
        "ligne 3, colonne « objective_title » : l'objectif 1 a une autre valeur qu'à sa "
        "première ligne (ligne 2)",
        "ligne 3, colonne « progress » : 140 est supérieur à 100 (attendu : un entier de 0 à "
        "100, ou une case vide s'il n'est pas connu).",
        "ligne 4, colonne « thematics » : thématique inconnue « Astronomie »",
        "ligne 5, colonne « working_group » : groupe de travail inconnu « GT inconnu »",
        "ligne 6, colonne « text » : texte vide",
        "ligne 56 : 3 case(s) sur la ligne, l'en-tête a 15 colonnes",
    ]
    positions = [message.index(problem) for problem in problems]
    assert positions == sorted(positions)
    assert message.count("\n- ") == len(problems)
    assert message.startswith(f"Import refusé, rien n'a été modifié : {len(problems)} problème(s).")


def test_json_problems_name_their_path_and_what_is_expected(plan, tmp_path):
    data = plan_to_dict(plan)
    action = data["axes"][0]["objectives"][0]["actions"][0]
    action.update(priority="oui", status="en cours", progress=40.5, stauts="x")
    del action["for_whom"]
    data["axes"][1]["objectives"][0]["actions"].append(copy.deepcopy(action))
    message = refused(tmp_path, "plan.json", json_bytes(data))
    where = "$.axes[0].objectives[0].actions[0]"
    for problem in [
        f"{where} (action « 1.1 ») : propriété « for_whom » manquante (attendu : « Pour qui ? »",
        f"{where} (action « 1.1 ») : propriété inconnue « stauts » (attendu : une action : un "
        "objet avec number, text, by_whom",
        f"{where}.priority (action « 1.1 ») : « oui » est un texte, il faut true ou false ou null",
        f"{where}.progress (action « 1.1 ») : 40.5 est un nombre, il faut un nombre entier ou null",
        f"{where}.status (action « 1.1 ») : « en cours » n'est pas une valeur permise (attendu "
        ": état de l'action : non_renseigne, a_lancer, en_cours, realisee ou abandonnee).",
        "$.axes[1].objectives[0].actions[1].number (action « 1.1 ») : l'action « 1.1 » figure "
        f"deux fois dans le fichier (aussi {where})",
    ]:
        assert problem in message


def test_a_file_cannot_move_a_page(plan, tmp_path):
    rows = export_rows(plan)
    rows[3]["number"] = "1.1"  # action 1.1 of objective 1, in objective 2's row
    rows[0]["number"] = "1.4"
    message = refused(tmp_path, "plan.csv", csv_bytes(rows))
    assert (
        "ligne 5, colonne « number » : l'action « 1.1 » est sous l'objectif « 1 » sur le site, "
        "pas sous celui que donne le fichier (attendu : l'objectif « 1 », comme sur le site ; "
        "déplacer une page se fait dans l'administration)."
    ) in message


def test_a_new_axis_needs_a_free_address_and_a_short_title(plan, tmp_path):
    data = plan_to_dict(plan)
    data["axes"].append({"number": "8°", "title": "Préambule", "objectives": []})
    data["axes"].append({"number": "9°", "title": "°°°", "objectives": []})
    data["axes"].append({"number": "10°", "title": "é" * 250, "objectives": []})
    message = refused(tmp_path, "plan.json", json_bytes(data))
    assert (
        "$.axes[6].title (axe « 8° ») : l'adresse « preambule » de l'axe « 8° » est déjà celle de "
        "la page « Préambule »"
    ) in message
    assert "$.axes[7].title (axe « 9° ») : l'axe « 9° » n'aurait pas d'adresse" in message
    assert (
        "$.axes[8].title (axe « 10° ») : le titre de la page, « numéro intitulé », aurait 254 "
        "caractères"
    ) not in message  # 254 characters fit
    data["axes"][8]["title"] = "é" * 255
    message = refused(tmp_path, "plan.json", json_bytes(data))
    assert "le titre de la page, « numéro intitulé », aurait 259 caractères" in message


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("plan.json", b'{\n  "axes": [,]\n}', "JSON invalide, ligne 2, colonne 12 : une valeur"),
        ("plan.json", b"\xff\xfe\x00", "Le fichier n'est pas encodé en UTF-8 (octet 0xff"),
        ("plan.json", b"[" * 100_000, "JSON invalide : trop de niveaux imbriqués."),
        ("plan.json", b'{"axes": [' + b"9" * 5000 + b"]}", "un nombre a trop de chiffres"),
        ("plan.json", b'{"plan": {}}', "$ : propriété « axes » manquante"),
        ("plan.xlsx", b"PK\x03\x04", "Extension « .xlsx » inconnue"),
        ("plan.csv", b"number,text,notes\r\n1.1,x,y\r\n", "Colonnes manquantes : axis_number"),
        ("plan.csv", b"number,text,notes\r\n1.1,x,y\r\n", "Colonnes inconnues : notes."),
        ("plan.csv", csv_bytes([]) + b'"' + b"x" * 200_000, "CSV illisible vers la ligne 2"),
    ],
)
def test_unreadable_files_are_refused_in_french(tmp_path, name, content, expected):
    assert expected in refused(tmp_path, name, content)


# Empty files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("plan.csv", b"", "Le fichier est vide"),
        ("plan.json", b"", "Le fichier est vide"),
        ("plan.csv", b"\xef\xbb\xbf \r\n", "Le fichier est vide"),
        ("plan.csv", csv_bytes([]), "ne contient que la ligne d'en-tête"),
        ("plan.csv", csv_bytes([]) + b",,,,,,,,,,,,,,\r\n", "ne contient que la ligne d'en-tête"),
    ],
)
def test_an_empty_file_is_refused(tmp_path, name, content, expected):
    assert expected in refused(tmp_path, name, content)


def test_a_json_file_without_axes_is_refused(plan, tmp_path):
    data = plan_to_dict(plan)
    data["axes"] = []
    message = refused(tmp_path, "plan.json", json_bytes(data))
    assert "$.axes : le fichier ne contient aucun axe (attendu : au moins un axe)." in message


# Limits ---------------------------------------------------------------------------------


@override_settings(PPLI_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    # Not even valid JSON: it is refused for its size, never parsed.
    message = refused(tmp_path, "plan.json", b"{" * 2000)
    assert "Le fichier fait 2,0 Ko : la limite est de 1000 octets (réglage PPLI_IMPORT_MAX" in (
        message
    )
    assert "JSON invalide" not in message


@override_settings(PPLI_IMPORT_MAX_ROWS=50)
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_a_file_over_the_row_limit_is_refused(plan, tmp_path, extension):
    content = csv_bytes(export_rows(plan)) if extension == "csv" else json_bytes(plan_to_dict(plan))
    message = refused(tmp_path, f"plan.{extension}", content)
    assert "Le fichier contient plus de 50 " in message
    assert "(réglage PPLI_IMPORT_MAX_ROWS)" in message


# Valid files ----------------------------------------------------------------------------


def test_a_dry_run_checks_and_counts_but_writes_nothing(plan, tmp_path):
    rows = export_rows(plan)
    rows[0]["progress"] = "40"
    rows.append(dict(rows[0], number="1.4", text="Une action ajoutée."))
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows))
    before = database_state()
    out = io.StringIO()
    call_command("import_plan", str(path), dry_run=True, stdout=out)
    assert "2 page(s) seraient modifiées ou créées." in out.getvalue()
    assert database_state() == before


def test_new_axes_objectives_and_actions_are_created_and_published(plan, tmp_path):
    data = plan_to_dict(plan)
    action = copy.deepcopy(data["axes"][0]["objectives"][0]["actions"][0])
    action.update(number="36.1", text="Une action d'un nouvel axe.", status="en_cours", progress=5)
    data["axes"].append(
        {
            "number": "8°",
            "title": "Droit à la mobilité",
            "objectives": [
                {
                    "number": 36,
                    "title": None,
                    "thematics": ["Mobilité"],
                    "priority": True,
                    "actions": [action],
                }
            ],
        }
    )
    output = imported(tmp_path, "plan.json", json_bytes(data))
    assert "3 page(s) modifiées ou créées." in output
    axis = AxisPage.objects.get(number="8°")
    assert (axis.slug, axis.title, axis.live) == (slugify("Droit à la mobilité"), "8° Droit à "
                                                  "la mobilité", True)  # fmt: skip
    objective = ObjectivePage.objects.child_of(axis).get()
    assert (objective.title, objective.priority) == ("Objectif 36", True)
    created = ActionPage.objects.child_of(objective).get()
    assert (created.slug, created.status, created.progress) == ("action-36-1", "en_cours", 5)
    first = ActionPage.objects.get(number="1.1")
    assert [o.pk for o in created.organisations] == [o.pk for o in first.organisations]
    # Indexed once per page, as Wagtail would on each save: the usage of a partner shows it.
    assert ReferenceIndex.get_references_for_object(created).exists()


# The published schema -------------------------------------------------------------------


def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_the_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_served_export_follows_the_schema(client, plan):
    # Values the loaded plan does not have yet (all unknown there): known ones too.
    action = ActionPage.objects.get(number="1.1")
    action.status, action.progress, action.priority = ActionStatus.IN_PROGRESS, 40, True
    action.save_revision().publish()
    objective = ObjectivePage.objects.get(number=1)
    objective.priority = False
    objective.save_revision().publish()
    response = client.get(plan.export_url("json"))
    data = json.loads(response.content)
    assert list(Draft202012Validator(schema()).iter_errors(data)) == []
    assert data["plan"]["progress"] == 40
    assert {a["working_group"] for x in data["axes"] for o in x["objectives"] for a in o["actions"]}
    # The export names its schema.
    assert response["Link"] == f'<{plan.export_url("schema.json")}>; rel="describedby"'


def test_the_schema_states_the_database_limits():
    """The schema's limits are the models': a file it accepts never makes the database fail."""
    definitions = schema()["$defs"]
    axis, objective = definitions["axis"]["properties"], definitions["objective"]["properties"]
    action = definitions["action"]["properties"]
    assert axis["number"]["maxLength"] == AxisPage._meta.get_field("number").max_length
    assert axis["title"]["maxLength"] == AxisPage._meta.get_field("short_title").max_length
    assert action["number"]["maxLength"] == ActionPage._meta.get_field("number").max_length
    # PostgreSQL's smallint; SQLite would store more, the schema holds for both.
    low, high = BaseDatabaseOperations.integer_field_ranges["PositiveSmallIntegerField"]
    assert (objective["number"]["minimum"], objective["number"]["maximum"]) == (low, high)
    assert action["status"]["enum"] == ActionStatus.values


def test_the_schema_is_served_beside_the_exports(client, plan):
    url = plan.export_url("schema.json")
    assert url == "/ppli/plan-2017-2020/export.schema.json"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == schema()
    assert client.get("/ppli/export.schema.json").status_code == 404


def test_the_open_data_page_documents_the_schema():
    text = (settings.BASE_DIR / "docs" / "donnees-ouvertes.md").read_text(encoding="utf-8")
    assert "export.schema.json" in text
    assert "ppli/data/plan-export.schema.json" in text


# Scaling --------------------------------------------------------------------------------


def count_queries(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_unchanged_rows_cost_no_query(plan, tmp_path):
    """Re-importing 54 unchanged rows costs the queries of importing 3: a few queries for the
    whole plan, none per row (docs/performance.md, "import_plan")."""
    rows = export_rows(plan)
    whole, part = tmp_path / "whole.csv", tmp_path / "part.csv"
    whole.write_bytes(csv_bytes(rows))
    part.write_bytes(csv_bytes(rows[:3]))

    def run(path):
        return lambda: PlanImporter(plan).run(read_import_file(path))

    assert count_queries(run(whole)) == count_queries(run(part))


def generated_rows(plan, count):
    """`count` valid rows: the export, then new actions spread over 200 objectives."""
    rows = export_rows(plan)
    objectives = {int(row["objective_number"]): row for row in rows}
    n = 0
    while len(rows) < count:
        number = 1 + n % 200
        base = objectives.get(number) or dict(
            rows[number % len(rows)],
            objective_number=str(number),
            objective_title=f"Objectif généré {number}",
            objective_priority="",
        )
        objectives.setdefault(number, base)
        rows.append(
            dict(
                base,
                number=f"{number}.{100 + n // 200}",
                text=f"Action générée n° {n}.",
                status=["a_lancer", "en cours", "realisee"][n % 3],
                progress=str(n % 101),
                priority=["oui", "non", ""][n % 3],
            )
        )
        n += 1
    return rows


@pytest.mark.slow
def test_checking_a_large_file_is_linear_and_quick(plan, tmp_path):
    """Every row of a 20,000-row file is read and checked in a few seconds, with the queries
    of a 2,000-row file: none per row. Writing then costs only the pages that change
    (test_unchanged_rows_cost_no_query); docs/performance.md has the whole import's times."""
    rows = generated_rows(plan, 20_000)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(csv_bytes(rows[:2_000]))
    large.write_bytes(csv_bytes(rows))
    checked = {}

    def check(path):
        def run():
            start = time.perf_counter()
            checked[path] = PlanImporter(plan).check(read_import_file(path))
            checked[path, "seconds"] = time.perf_counter() - start

        return run

    assert count_queries(check(small)) == count_queries(check(large))
    assert sum(len(o.actions) for axis in checked[large] for o in axis.objectives) == 20_000
    # About 3 s on the 2-core machine of docs/performance.md; the bound is the whole import's
    # budget (20 s), which leaves room for a busy CI machine.
    assert checked[large, "seconds"] < 20
