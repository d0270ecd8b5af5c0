"""Dates in the admin's CSV and XLSX exports, in the centre's time (Europe/Brussels).

Wagtail's exports write an XLSX date in UTC and a CSV date as Python prints it (microseconds,
offset): staff compare them with the admin lists, which show Brussels time. These helpers plug
into the `custom_value_preprocess` hook of Wagtail's `SpreadsheetExportMixin`.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

BRUSSELS = ZoneInfo("Europe/Brussels")
CSV_FORMAT = "%Y-%m-%d %H:%M"


def brussels_naive(value):
    """A naive Brussels datetime: openpyxl writes it as a real spreadsheet date cell."""
    if timezone.is_naive(value):
        return value
    return timezone.make_naive(value, BRUSSELS)


def brussels_text(value):
    """Brussels time to the minute, as in "2026-11-30 12:02": no microseconds, no offset."""
    return brussels_naive(value).strftime(CSV_FORMAT)


def with_brussels_datetimes(value_preprocess=SpreadsheetExportMixin.custom_value_preprocess):
    """A copy of a view's `custom_value_preprocess` that writes datetimes in Brussels time."""
    # First: Wagtail takes the first matching class, and a datetime is also a date.
    return {
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: brussels_naive,
            SpreadsheetExportMixin.FORMAT_CSV: brussels_text,
        },
        **{
            classes: formats
            for classes, formats in value_preprocess.items()
            if classes is not datetime.datetime
        },
    }
