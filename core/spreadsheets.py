"""CSV cells that a spreadsheet program cannot run as a formula (OWASP's "CSV injection").

A CSV file has no types: Excel and LibreOffice read a cell that begins with "=", "+", "-" or
"@" as a formula (a tab or a carriage return first can hide one), so a visitor's text such as
`=HYPERLINK("http://evil.example","x")` would turn into a live link in a staff spreadsheet.
OWASP's advice: such a string gets a leading apostrophe, which spreadsheets read as "this is
text". XLSX needs none of this: its cells are typed, and Wagtail writes a formula as text.
"""

import csv
import io

from django.http import HttpResponse

# The first characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def neutralise_cell(value):
    """A string a spreadsheet would run as a formula, with an apostrophe first; other values
    (numbers, dates, None, safe strings) as they are, so numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return TEXT_MARK + value
    return value


def restore_cell(value):
    """The text `neutralise_cell` was given: the import of an exported CSV drops its mark."""
    if isinstance(value, str) and value[:1] == TEXT_MARK and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def csv_text(columns, rows):
    """Rows (dicts) as CSV text under a header of `columns`; no cell runs as a formula
    (`neutralise_cell`, undone on import by `restore_cell`)."""
    output = io.StringIO()
    # CRLF, as RFC 4180: Python's writer then quotes a cell holding a lone carriage return,
    # which a spreadsheet would otherwise read as a new row (one that could start with "=").
    writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {column: neutralise_cell(value) for column, value in row.items()} for row in rows
    )
    return output.getvalue()


def csv_download(text, filename):
    """An open-data CSV file: a BOM so that spreadsheet programs read the accents right,
    offered for download, readable from any origin."""
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


class NeutralisedCsvExportMixin:
    """For a view with Wagtail's `SpreadsheetExportMixin` (put it first in the bases): every
    CSV cell goes through `neutralise_cell`; XLSX cells are left to Wagtail."""

    def preprocess_field_value(self, field, value, export_format):
        """The value Wagtail would write, neutralised when it goes into a CSV file."""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_cell(value)
        return value
