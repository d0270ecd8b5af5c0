"""CSV cells that a spreadsheet would run as a formula get an apostrophe first (OWASP)."""

import datetime

import pytest

from core.spreadsheets import NeutralisedCsvExportMixin, neutralise_cell, restore_cell
from testing.payloads import FORMULAS


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_gets_an_apostrophe(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["", "Awa Diallo", "1.1", "2026-11-30 12:02", " =1+1", "a=1", "'déjà marqué", "\n=1", "é=1"],
)
def test_a_safe_string_is_left_as_it_is(text):
    assert neutralise_cell(text) == text


@pytest.mark.parametrize(
    "value",
    [None, 0, -5, 40, -1.5, True, datetime.date(2026, 11, 30), datetime.datetime(2026, 11, 30)],
)
def test_numbers_dates_and_none_are_left_as_they_are(value):
    assert neutralise_cell(value) is value


@pytest.mark.parametrize("text", FORMULAS + ["Awa Diallo", "'déjà marqué", ""])
def test_restore_undoes_neutralise(text):
    assert restore_cell(neutralise_cell(text)) == text


@pytest.mark.parametrize("value", ["'quoi", "'", "Awa", None, 40])
def test_restore_keeps_an_apostrophe_it_did_not_add(value):
    assert restore_cell(value) == value


class FakeSpreadsheetView:
    """Stands for Wagtail's SpreadsheetExportMixin: writes a value as it gets it."""

    FORMAT_CSV = "csv"
    FORMAT_XLSX = "xlsx"

    def preprocess_field_value(self, field, value, export_format):
        """The value, untouched."""
        return value


class FakeExportView(NeutralisedCsvExportMixin, FakeSpreadsheetView):
    """A view whose exports go through the mixin."""


def test_the_mixin_neutralises_csv_cells_only():
    view = FakeExportView()
    formula = FORMULAS[0]
    assert view.preprocess_field_value("message", formula, "csv") == "'" + formula
    assert view.preprocess_field_value("message", formula, "xlsx") == formula
    assert view.preprocess_field_value("count", -3, "csv") == -3


def test_every_staff_list_offers_its_exports_in_plain_view(client, django_user_model):
    """The exports sit beside the list's buttons, not behind "⋯" (Wagtail's generic lists) or
    in a drop-down (wagtail-modeladmin)."""
    from django.urls import reverse

    from home.models import FormPage
    from ppli.signup_admin import list_url

    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "x"))
    urls = [
        "/admin/a-rediger/",
        "/admin/ressources-incompletes/",
        "/admin/ppli/actions-a-completer/",
        "/admin/recherches-sans-resultat/",
        list_url(),
        reverse("wagtailforms:list_submissions", args=[FormPage.objects.first().pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "Télécharger pour Excel (XLSX)" in html, url
        assert "Télécharger en CSV" in html, url
        # Wagtail's own entries (in its menus) are gone: one place for each export.
        assert "Télécharger en XLSX" not in html, url
