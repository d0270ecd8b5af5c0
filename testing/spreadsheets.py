"""Reading the admin's CSV exports back in tests, as a spreadsheet program would."""

import csv
import io

from django.conf import settings


def staff_csv_rows(content):
    """The rows of an admin CSV export (a response, streamed or not, or its bytes). It must
    start with the UTF-8 mark, and its cells are separated by settings.STAFF_CSV_DELIMITER."""
    if hasattr(content, "streaming_content"):
        content = b"".join(content.streaming_content)
    elif hasattr(content, "content"):
        content = content.content
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "the export has no UTF-8 mark"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=settings.STAFF_CSV_DELIMITER))
