"""No CSV export of the PPLI runs a formula in a spreadsheet: the plan's open data and the
sign-up requests write formula-like text with an apostrophe first; XLSX keeps the text."""

import csv
import io
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from ppli.models import ActionPage, ObjectivePage, WorkingGroupPage, WorkingGroupSignup
from ppli.signup_admin import list_url
from testing.payloads import FORMULAS
from testing.spreadsheets import staff_csv_rows

pytestmark = pytest.mark.django_db

CSV_URL = "/ppli/plan-2017-2020/export.csv"


def plan_rows(client):
    """The rows of the plan's open-data CSV, by action number."""
    response = client.get(CSV_URL)
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return {row["number"]: row for row in rows}


@pytest.mark.parametrize("formula", FORMULAS)
def test_open_data_csv_neutralises_formulas(client, formula):
    ActionPage.objects.filter(number="1.1").update(text=formula, progress=40)
    ObjectivePage.objects.filter(number=1).update(text=formula)
    rows = plan_rows(client)
    assert rows["1.1"]["text"] == "'" + formula
    assert rows["1.1"]["objective_title"] == "'" + formula
    # Numbers stay numbers; safe text is untouched.
    assert rows["1.1"]["progress"] == "40" and rows["1.1"]["objective_number"] == "1"
    assert rows["2"]["text"] == ActionPage.objects.get(number="2").text


def test_open_data_json_keeps_the_plain_text(client):
    formula = FORMULAS[0]
    ActionPage.objects.filter(number="1.1").update(text=formula)
    data = client.get("/ppli/plan-2017-2020/export.json").json()
    assert data["axes"][0]["objectives"][0]["actions"][0]["text"] == formula


@pytest.mark.parametrize("formula", FORMULAS[:4])
def test_reimporting_the_csv_drops_the_apostrophe(client, tmp_path, formula):
    # The import strips blanks, so the tab and carriage return do not come back as such.
    ActionPage.objects.filter(number="1.1").update(text=formula)
    first = client.get(CSV_URL).content
    path = tmp_path / "plan.csv"
    path.write_bytes(first)
    out = io.StringIO()
    call_command("import_plan", str(path), stdout=out)
    assert "0 page(s) modifiées ou créées." in out.getvalue()
    assert ActionPage.objects.get(number="1.1").text == formula
    assert client.get(CSV_URL).content == first


# Sign-up requests, exported from the admin


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordination", "", "x")
    user.groups.add(Group.objects.get(name="Coordination PPLI"))
    return user


def make_signup(formula):
    """A request whose organisation, contact and message are `formula`."""
    group = WorkingGroupPage.objects.get(slug="gt-logement")
    return WorkingGroupSignup.objects.create(
        submission=uuid.uuid4(),
        group=group,
        group_title=group.title,
        organisation_name=formula,
        organisation_kind="associatif",
        contact_name=formula,
        role="Coordinatrice",
        email="awa@example.org",
        phone="081 00 00 00",
        commune="Namur",
        message=formula,
        consent_at=timezone.now(),
    )


def export(client, spreadsheet_format):
    """The sign-up list exported as `spreadsheet_format` ("csv" or "xlsx")."""
    response = client.get(list_url(), {"export": spreadsheet_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("formula", FORMULAS)
def test_signup_csv_export_neutralises_formulas(client, coordinator, formula):
    make_signup(formula)
    client.force_login(coordinator)
    rows = staff_csv_rows(export(client, "csv"))
    # The network form's axes, thematics and spaces columns come after the group's.
    assert rows[0][5] == "Organisation" and rows[0][12] == "Message"
    row = rows[1]
    assert row[5] == row[7] == row[12] == "'" + formula
    # Safe cells are untouched.
    assert row[6] == "Associatif" and row[9] == "awa@example.org" and row[10] == "081 00 00 00"


@pytest.mark.parametrize("formula", FORMULAS)
def test_signup_xlsx_export_keeps_the_plain_text(client, coordinator, formula):
    make_signup(formula)
    client.force_login(coordinator)
    workbook = load_workbook(io.BytesIO(export(client, "xlsx")))
    cells = list(workbook.active.iter_rows())[1]
    for cell in (cells[5], cells[7], cells[12]):
        # XML reads a carriage return as a line feed: neither is a formula.
        assert cell.value == formula.replace("\r", "\n")
        assert cell.data_type == "s"  # text, not a formula
