"""The admin list of a contact form's messages and its CSV / XLSX exports."""

from wagtail.contrib.forms.views import SubmissionsListView

from core.spreadsheets import NeutralisedCsvExportMixin

from .exports import with_brussels_datetimes

SUBMIT_TIME_HEADING = "Reçue le"


class ContactSubmissionsListView(NeutralisedCsvExportMixin, SubmissionsListView):
    """Wagtail's list of messages, whose exports write the reception date in Brussels time
    ("2026-11-30 12:02" in CSV, a date cell in XLSX) under the heading « Reçue le », and no
    visitor's text that a spreadsheet would run as a formula."""

    custom_value_preprocess = with_brussels_datetimes(SubmissionsListView.custom_value_preprocess)

    def get_heading(self, queryset, field):
        if field == "submit_time":
            return SUBMIT_TIME_HEADING
        return super().get_heading(queryset, field)
