"""The contact messages' CSV export runs no visitor's formula in a spreadsheet; XLSX keeps the
text as it was typed."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission

from testing.payloads import FORMULAS
from testing.spreadsheets import staff_csv_rows
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

URL = "/contact/general/"


@pytest.fixture
def form_page():
    return page_at(URL)


def store_message(form_page, formula):
    """A message whose name, subject and text are `formula`, as the form page stores it."""
    values = {"Adresse e-mail": "awa@example.org"}
    data = {
        field.clean_name: values.get(field.label, formula) for field in form_page.get_form_fields()
    }
    FormSubmission.objects.create(page=form_page, form_data=data)


def export(client, form_page, spreadsheet_format):
    """The messages exported as `spreadsheet_format` ("csv" or "xlsx") by a superuser."""
    address = reverse("wagtailforms:list_submissions", args=(form_page.pk,))
    response = client.get(address, {"export": spreadsheet_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_formula_posted_through_the_form_is_neutralised(client, admin_user, form_page):
    form = client.get(URL).context["form"]
    names = {field.label: name for name, field in form.fields.items()}
    formula = FORMULAS[0]
    response = client.post(
        URL,
        {
            names["Nom"]: formula,
            names["Adresse e-mail"]: "awa@example.org",
            names["Objet"]: "@SUM(1+1)",
            names["Message"]: "+cmd",
        },
    )
    assert response.status_code == 200
    client.force_login(admin_user)
    rows = staff_csv_rows(export(client, form_page, "csv"))
    message = dict(zip(rows[0], rows[1], strict=True))
    assert message["Nom"] == "'" + formula
    assert message["Objet"] == "'@SUM(1+1)" and message["Message"] == "'+cmd"
    assert message["Adresse e-mail"] == "awa@example.org"


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_export_neutralises_formulas(client, admin_user, form_page, formula):
    store_message(form_page, formula)
    client.force_login(admin_user)
    rows = staff_csv_rows(export(client, form_page, "csv"))
    message = dict(zip(rows[0], rows[1], strict=True))
    assert message["Nom"] == message["Message"] == "'" + formula
    assert message["Adresse e-mail"] == "awa@example.org"
    assert not message["Reçue le"].startswith("'")


@pytest.mark.parametrize("formula", FORMULAS)
def test_xlsx_export_keeps_the_plain_text(client, admin_user, form_page, formula):
    store_message(form_page, formula)
    client.force_login(admin_user)
    workbook = load_workbook(io.BytesIO(export(client, form_page, "xlsx")))
    headings, cells = list(workbook.active.iter_rows())[:2]
    by_heading = {heading.value: cell for heading, cell in zip(headings, cells, strict=True)}
    for cell in (by_heading["Nom"], by_heading["Message"]):
        # XML reads a carriage return as a line feed: neither is a formula.
        assert cell.value == formula.replace("\r", "\n")
        assert cell.data_type == "s"  # text, not a formula
