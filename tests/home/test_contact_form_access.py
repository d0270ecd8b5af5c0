"""Only the Publication group and superusers read and export the contact form's messages;
exports are in French and in Brussels time."""

import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission

from testing.spreadsheets import staff_csv_rows
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

URL = "/contact/general/"
# The « Formulaires » item in the JSON the admin's sidebar is drawn from.
FORMS_MENU_ITEM = '"name": "forms", "label": "Formulaires"'


@pytest.fixture
def form_page():
    return page_at(URL)


@pytest.fixture
def message(form_page):
    """One message from Awa Diallo, received on 30 November 2026 at 11:02:28 UTC."""
    values = {"Nom": "Awa Diallo", "Adresse e-mail": "awa@example.org", "Objet": "Inscription"}
    data = {
        field.clean_name: values.get(field.label, "Bonjour")
        for field in form_page.get_form_fields()
    }
    submission = FormSubmission.objects.create(page=form_page, form_data=data)
    FormSubmission.objects.filter(pk=submission.pk).update(
        submit_time=datetime(2026, 11, 30, 11, 2, 28, 138575, tzinfo=UTC)
    )
    return submission


def user_in(django_user_model, group_name):
    user = django_user_model.objects.create_user(group_name.lower().replace(" ", "-"), "", "x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def submissions_url(form_page, **query):
    address = reverse("wagtailforms:list_submissions", args=(form_page.pk,))
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture(params=["Publication", "superuser"])
def reader(request, django_user_model, admin_user):
    if request.param == "superuser":
        return admin_user
    return user_in(django_user_model, request.param)


@pytest.fixture(params=["Rédaction", "Coordination PPLI"])
def other_staff(request, django_user_model):
    return user_in(django_user_model, request.param)


def test_publication_and_superusers_read_the_messages(client, form_page, message, reader):
    client.force_login(reader)
    assert FORMS_MENU_ITEM in client.get(reverse("wagtailadmin_home")).content.decode()
    forms = client.get(reverse("wagtailforms:index")).content.decode()
    assert form_page.title in forms
    response = client.get(submissions_url(form_page))
    assert response.status_code == 200
    assert "Awa Diallo" in response.content.decode()


def test_other_staff_never_read_the_messages(client, form_page, message, other_staff):
    client.force_login(other_staff)
    assert FORMS_MENU_ITEM not in client.get(reverse("wagtailadmin_home")).content.decode()
    for address in [
        submissions_url(form_page),
        submissions_url(form_page, export="csv"),
        submissions_url(form_page, export="xlsx"),
        reverse("wagtailforms:delete_submissions", args=(form_page.pk,))
        + f"?selected-submissions={message.pk}",
    ]:
        response = client.get(address)
        assert response.status_code in (302, 403), address
        assert b"Awa" not in response.content and b"awa@example.org" not in response.content
    forms = client.get(reverse("wagtailforms:index"))
    assert b"Awa" not in forms.content
    assert FormSubmission.objects.filter(pk=message.pk).exists()


def test_csv_export_heading_and_brussels_time(client, form_page, message, reader):
    client.force_login(reader)
    response = client.get(submissions_url(form_page, export="csv"))
    assert response.status_code == 200
    rows = staff_csv_rows(response)
    assert rows[0][0] == "Reçue le"
    assert "Nom" in rows[0] and "Adresse e-mail" in rows[0]
    assert rows[1][0] == "2026-11-30 12:02"
    assert "Awa Diallo" in rows[1] and "awa@example.org" in rows[1]


def test_xlsx_export_heading_and_brussels_time(client, form_page, message, reader):
    client.force_login(reader)
    response = client.get(submissions_url(form_page, export="xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert rows[0][0] == "Reçue le"
    received = rows[1][0]
    assert isinstance(received, datetime) and received.tzinfo is None
    assert received.replace(second=0, microsecond=0) == datetime(2026, 11, 30, 12, 2)
    assert "Awa Diallo" in rows[1]
