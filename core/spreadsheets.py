"""CSV cells that a spreadsheet program cannot run as a formula (OWASP's "CSV injection").

A CSV file has no types: Excel and LibreOffice read a cell that begins with "=", "+", "-" or
"@" as a formula (a tab or a carriage return first can hide one), so a visitor's text such as
`=HYPERLINK("http://evil.example","x")` would turn into a live link in a staff spreadsheet.
OWASP's advice: such a string gets a leading apostrophe, which spreadsheets read as "this is
text". XLSX needs none of this: its cells are typed, and Wagtail writes a formula as text.
"""

import csv
import io
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.functional import cached_property
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter
from wagtail.admin.widgets.button import HeaderButton

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


def xlsx_safe(value):
    """A string without the control characters XLSX forbids (openpyxl refuses them: a 500 for
    the whole export). The forms refuse them now; a row stored before may still hold some."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
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
    """For a view with Wagtail's `SpreadsheetExportMixin` (put it first in the bases): the
    staff's exports open cleanly in a French spreadsheet program.

    - CSV: a UTF-8 mark first (Excel reads the accents right), cells separated by
      settings.STAFF_CSV_DELIMITER (";" by default: what French Excel expects), and every cell
      through `neutralise_cell`;
    - XLSX: a sheet named after the list (its page title, not "Sheet1") and columns as wide
      as their longest value (within reason).
    """

    def preprocess_field_value(self, field, value, export_format):
        """The value Wagtail would write, neutralised when it goes into a CSV file, without
        the characters an XLSX cell cannot hold when it goes into an XLSX one."""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_cell(value)
        return xlsx_safe(value)

    def stream_csv(self, queryset):
        """Wagtail's CSV, line by line, with the UTF-8 mark and the staff's separator."""
        writer = csv.DictWriter(
            Echo(), fieldnames=self.list_export, delimiter=settings.STAFF_CSV_DELIMITER
        )
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def get_sheet_title(self):
        """The sheet's name: at most 31 characters, none of those Excel forbids."""
        title = str(getattr(self, "page_title", "") or "Export")
        return re.sub(r"[\\/*?:\[\]]", " ", title)[:31].strip() or "Export"

    def write_xlsx(self, queryset, output):
        """Wagtail's XLSX with a named sheet and sized columns (the rows are read first: staff
        lists are short)."""
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = [self.to_row_dict(item) for item in queryset]
        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=self.get_sheet_title())
        for index, field in enumerate(self.list_export):
            values = [headings[index]] + [row.get(field) for row in rows]
            width = max(len(str(value)) for value in values if value is not None)
            worksheet.column_dimensions[get_column_letter(index + 1)].width = min(
                max(width + 2, 10), 60
            )
        worksheet.append(headings)
        date_format = ExcelDateFormatter().get()
        for row in rows:
            worksheet.append(self.generate_xlsx_row(worksheet, row, date_format=date_format))
        workbook.save(output)

    # The exports in plain view, beside the list's other buttons: Wagtail hides them behind
    # "⋯" (generic lists) or the CSV one in a drop-down (wagtail-modeladmin).
    export_buttons_template_name = "core/export_buttons.html"
    xlsx_export_label = "Télécharger pour Excel (XLSX)"
    csv_export_label = "Télécharger en CSV"

    @cached_property
    def header_more_buttons(self):
        export_urls = {self.xlsx_export_url, self.csv_export_url}
        return [
            button
            for button in super().header_more_buttons
            if getattr(button, "url", None) not in export_urls
        ]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.show_export_buttons:
            buttons += [
                HeaderButton(
                    self.xlsx_export_label, url=self.xlsx_export_url, icon_name="download"
                ),
                HeaderButton(self.csv_export_label, url=self.csv_export_url, icon_name="download"),
            ]
        return buttons
