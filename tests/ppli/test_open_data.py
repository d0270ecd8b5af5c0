"""Open data: JSON and CSV exports, and the import that round-trips them."""

import csv
import io
import json
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction, Revision

from ppli.models import ActionPage, ObjectivePage, PlanPage

pytestmark = pytest.mark.django_db

JSON_URL = "/ppli/plan-2017-2020/export.json"
CSV_URL = "/ppli/plan-2017-2020/export.csv"


def export(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def import_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_plan", str(path), stdout=out)
    return out.getvalue()


def test_the_plan_page_links_its_open_data_and_the_links_answer(client):
    html = client.get("/ppli/plan-2017-2020/").content.decode()
    for url in (JSON_URL, CSV_URL):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


def test_a_moved_plan_serves_its_open_data_at_its_new_address(client):
    plan = PlanPage.objects.get()
    plan.slug = "plan-2017-2020-bis"
    plan.save_revision().publish()
    plan.refresh_from_db()
    assert plan.export_url("csv") == "/ppli/plan-2017-2020-bis/export.csv"
    assert client.get(plan.export_url("csv")).status_code == 200
    assert client.get(CSV_URL).status_code == 404


def test_json_follows_the_documented_schema(client):
    data = json.loads(export(client, JSON_URL))
    assert data["plan"]["title"] == "Plan d'action 2017-2020"
    assert data["plan"]["period"] == "2017-2020"
    assert [axis["number"] for axis in data["axes"]] == ["1° & 4°", "2°", "3°", "5°", "6°", "7°"]
    objective = data["axes"][4]["objectives"][3]
    assert objective["number"] == 27
    assert set(objective) >= {"number", "title", "thematics", "actions"}
    action = objective["actions"][0]
    assert set(action) == {
        "number", "text", "by_whom", "for_whom", "thematics", "priority", "status",
        "progress", "working_group",
    }  # fmt: skip
    assert {"MRAX", "Unia"} <= set(action["by_whom"])
    assert "CPAS" in action["for_whom"]
    assert action["working_group"].startswith("GT 6°")


def test_nothing_unknown_is_published_as_a_fact(client):
    data = json.loads(export(client, JSON_URL))
    assert data["plan"]["progress"] is None and data["plan"]["actions_with_progress"] == 0
    objectives = [o for axis in data["axes"] for o in axis["objectives"]]
    actions = [a for o in objectives for a in o["actions"]]
    # The booklet's priorities (a background colour) were lost: unknown, never false.
    assert {o["priority"] for o in objectives} == {None}
    assert {a["priority"] for a in actions} == {None}
    assert {(a["status"], a["progress"]) for a in actions} == {("non_renseigne", None)}
    # Objective 30's text is not in the source.
    assert next(o for o in objectives if o["number"] == 30)["title"] is None
    rows = list(csv.DictReader(io.StringIO(export(client, CSV_URL).decode("utf-8-sig"))))
    assert {(r["priority"], r["objective_priority"], r["progress"]) for r in rows} == {("", "", "")}


def test_csv_has_one_row_per_action(client):
    content = export(client, CSV_URL).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 54
    assert rows[0]["axis_number"] == "1° & 4°"
    assert rows[0]["objective_number"] == "1"
    assert rows[0]["number"] == "1.1"
    assert "DISCRI" in rows[0]["by_whom"].split("; ")


@pytest.mark.parametrize("url,name", [(JSON_URL, "plan.json"), (CSV_URL, "plan.csv")])
def test_export_import_export_is_identical(client, tmp_path, url, name):
    first = export(client, url)
    revisions = Revision.objects.count()
    output = import_file(tmp_path, name, first)
    assert "0 page(s) modifiées ou créées." in output
    assert Revision.objects.count() == revisions
    assert export(client, url) == first


def test_spreadsheet_edits_are_imported_by_number(client, tmp_path):
    rows = list(csv.DictReader(io.StringIO(export(client, CSV_URL).decode("utf-8-sig"))))
    for row in rows:
        if row["number"] == "18.1":
            row["status"] = "en cours"  # the French label is accepted too
            row["progress"] = "40"
            row["priority"] = "oui"
            row["by_whom"] += "; Nouveau partenaire local"
    new_row = dict(rows[-1], number="35.2", text="Une action ajoutée dans le tableur.")
    rows.append(new_row)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=rows[0].keys())
    writer.writeheader()
    writer.writerows(rows)

    output = import_file(tmp_path, "plan.csv", buffer.getvalue().encode())
    assert "2 page(s) modifiées ou créées." in output
    action = ActionPage.objects.get(number="18.1")
    assert (action.status, action.progress, action.priority) == ("en_cours", 40, True)
    assert "Nouveau partenaire local" in action.by_whom_others
    created = ActionPage.objects.get(number="35.2")
    assert created.get_parent().specific.number == 35
    assert created.live
    # An import is not a person: it writes no history entry, and Wagtail logs it.
    assert not action.status_changes.exists()


def test_invalid_file_changes_nothing(client, tmp_path):
    data = json.loads(export(client, JSON_URL))
    action = data["axes"][0]["objectives"][0]["actions"][0]
    action["status"] = "terminé"
    action["progress"] = 140
    action["thematics"] = ["Astronomie"]
    data["axes"][0]["objectives"][1]["actions"][0]["progress"] = 80  # a valid change
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(path))
    message = str(error.value)
    assert "« terminé » n'est pas une valeur permise" in message
    assert "140 est supérieur à 100" in message
    assert "thématique inconnue « Astronomie »" in message
    assert ActionPage.objects.get(number="2").progress is None


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"not json", "JSON invalide, ligne 1, colonne 1"),
        (b'{"plan": {}}', "propriété « axes » manquante"),
        (b"\xff\xfe\x00", "pas encodé en UTF-8"),
    ],
)
def test_unreadable_files_are_refused_clearly(tmp_path, content, expected):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=expected):
        call_command("import_plan", str(path))
    assert ObjectivePage.objects.count() == 35


def test_csv_with_missing_columns_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("number,text\n1.1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonnes manquantes"):
        call_command("import_plan", str(path))


def test_unknown_plan_address_is_refused(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"axes": []}', encoding="utf-8")
    with pytest.raises(CommandError, match="Aucun plan"):
        call_command("import_plan", str(path), plan="/ppli/nope/")


def test_export_urls_only_serve_plans(client):
    assert client.get("/ppli/export.json").status_code == 404
    assert client.get("/ppli/plan-2017-2020/logement/export.csv").status_code == 404


# --- A private plan keeps its files private ----------------------------------------------------

SCHEMA_URL = "/ppli/plan-2017-2020/export.schema.json"
PLAN_FILES = (JSON_URL, CSV_URL, SCHEMA_URL)


@pytest.fixture
def password_plan():
    """The plan behind Wagtail's password restriction."""
    return PageViewRestriction.objects.create(
        page=PlanPage.objects.get(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret-ppli",
    )


@pytest.mark.parametrize("url", PLAN_FILES)
def test_a_password_plan_answers_its_files_with_the_password_form(client, password_plan, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'name="password"' in html
    # The form sends the visitor back to the file, through Wagtail's own password view.
    action = reverse(
        "wagtailcore_authenticate_with_password", args=[password_plan.pk, password_plan.page_id]
    )
    assert f'action="{action}"' in html
    assert f'name="return_url" value="{url}"' in html
    # Nothing of the plan: Wagtail's password page, as for the plan's own page.
    assert "Plan d'action 2017-2020" not in html and "2017-2020" not in html.split("</form>")[1]
    assert '"axes"' not in html and "axis_number" not in html and "$schema" not in html
    assert "Content-Disposition" not in response and "Link" not in response
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", PLAN_FILES)
def test_the_file_is_served_once_the_password_is_given(client, password_plan, url):
    action = reverse(
        "wagtailcore_authenticate_with_password", args=[password_plan.pk, password_plan.page_id]
    )
    wrong = client.post(action, {"password": "non", "return_url": url})
    assert wrong.status_code == 200 and 'name="password"' in wrong.content.decode()
    assert 'name="password"' in client.get(url).content.decode()
    given = client.post(action, {"password": "secret-ppli", "return_url": url})
    assert (given.status_code, given["Location"]) == (302, url)
    response = client.get(url)
    assert response.status_code == 200
    assert not response["Content-Type"].startswith("text/html")
    if url == JSON_URL:
        assert json.loads(response.content)["plan"]["title"] == "Plan d'action 2017-2020"
    # Never kept for others: Wagtail's "never cache" on every answer about a private page.
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_a_plan_made_private_stops_serving_its_stored_files(client):
    assert client.get(JSON_URL)["X-Page-Cache"] == "MISS"
    assert client.get(JSON_URL)["X-Page-Cache"] == "HIT"
    PageViewRestriction.objects.create(
        page=PlanPage.objects.get(), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for _ in range(2):
        response = client.get(JSON_URL)
        assert 'name="password"' in response.content.decode()
        assert "X-Page-Cache" not in response


def test_a_restriction_above_the_plan_covers_its_files(client):
    PageViewRestriction.objects.create(
        page=PlanPage.objects.get().get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(CSV_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailcore_login')}?next={quote(CSV_URL)}"
