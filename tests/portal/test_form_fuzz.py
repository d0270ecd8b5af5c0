"""Whatever a visitor types, the public forms answer without a 5xx, store no character a line
or a spreadsheet cannot hold, and the staff's exports of what was stored still open (Hypothesis,
with every kind of character, control ones included)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from core.honeypot import HONEYPOT_FIELD
from core.text import LINE_BREAKS_AND_TABS, has_control_character
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

URL = "/contact/general/"
# Any character, control ones (Cc) included; surrogates cannot be sent.
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(name=TEXT, subject=TEXT, body=TEXT)
def test_the_contact_form_keeps_lines_and_exports_whatever_is_typed(client, name, subject, body):
    cache.clear()  # the per-address limit would soon answer 429 to every example
    form_page = page_at(URL)
    names = {field.label: field.clean_name for field in form_page.get_form_fields()}
    before = FormSubmission.objects.count()
    response = client.post(
        URL,
        {
            names["Nom"]: name,
            names["Adresse e-mail"]: "awa@example.org",
            names["Objet"]: subject,
            names["Message"]: body,
            HONEYPOT_FIELD: "",
        },
    )
    assert response.status_code in (200, 429)
    if FormSubmission.objects.count() > before:
        stored = FormSubmission.objects.latest("pk").get_data()
        assert not has_control_character(stored[names["Nom"]])
        assert not has_control_character(stored[names["Objet"]])
        assert not has_control_character(stored[names["Message"]], LINE_BREAKS_AND_TABS)


def test_the_contact_exports_open_whatever_an_older_row_holds(client):
    form_page = page_at(URL)
    names = {field.label: field.clean_name for field in form_page.get_form_fields()}
    FormSubmission.objects.create(
        page=form_page,
        form_data={
            names["Nom"]: "Awa\x01\x1b",
            names["Adresse e-mail"]: "awa@example.org",
            names["Objet"]: '=HYPERLINK("http://x")\r\nBcc: x',
            names["Message"]: "Bonjour\x07",
        },
    )
    client.force_login(get_user_model().objects.create_superuser("a", "a@example.org", "x"))
    listing = reverse("wagtailforms:list_submissions", args=[form_page.pk])
    for export in ("xlsx", "csv"):
        response = client.get(f"{listing}?export={export}")
        assert response.status_code == 200, export
        # Streamed: the file is written as it is read, where openpyxl would raise.
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"awa@example.org" in content or export == "xlsx"
        assert len(content) > 100
