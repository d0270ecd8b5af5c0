"""No silent overwrite (home/edit_conflicts.py): two people, two sessions, one page."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.conftest import page_at

pytestmark = pytest.mark.django_db

URL = "/protection-des-donnees/"


def session(django_user_model, username, full_name, group="Publication"):
    first, last = full_name.split()
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "x", first_name=first, last_name=last
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def loaded_form(client, page):
    """The edit form as the browser holds it: its hidden fields and the page's own."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    hidden = dict(
        re.findall(r'<input type="hidden" name="(loaded_revision_[a-z_]+)" value="([^"]*)"', html)
    )
    assert hidden.get("loaded_revision_id"), "Wagtail's form carries the loaded revision"
    return {
        **hidden,
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body-count": "0",
        "footnotes-TOTAL_FORMS": "0",
        "footnotes-INITIAL_FORMS": "0",
        "footnotes-MIN_NUM_FORMS": "0",
        "footnotes-MAX_NUM_FORMS": "1000",
    }


def test_a_save_from_a_form_loaded_before_another_save_is_refused(django_user_model):
    page = page_at(URL)
    anne = session(django_user_model, "anne", "Anne Dupont")
    bruno = session(django_user_model, "bruno", "Bruno Martin")
    form_anne, form_bruno = loaded_form(anne, page), loaded_form(bruno, page)

    saved = anne.post(f"/admin/pages/{page.pk}/edit/", {**form_anne, "intro": "Version d'Anne"})
    assert saved.status_code == 302
    refused = bruno.post(
        f"/admin/pages/{page.pk}/edit/",
        {**form_bruno, "intro": "Version de Bruno", "action-publish": "1"},
    )

    assert refused.status_code == 409
    html = " ".join(unescape(refused.content.decode()).split())
    assert "Vos modifications n'ont pas été enregistrées : Anne Dupont a enregistré" in html
    assert f'href="/admin/pages/{page.pk}/edit/"' in html
    assert f"/admin/pages/{page.pk}/revisions/compare/" in html
    latest = page_at(URL).get_latest_revision_as_object()
    assert latest.intro == "Version d'Anne"
    assert page_at(URL).live_revision != page_at(URL).latest_revision  # nothing published


def test_twenty_publishes_from_stale_forms_leave_only_the_first(django_user_model):
    """What was seen: twenty publications by two editors, all from forms loaded before any
    save, were all accepted."""
    page = page_at(URL)
    anne = session(django_user_model, "anne", "Anne Dupont")
    bruno = session(django_user_model, "bruno", "Bruno Martin")
    forms = [(anne, loaded_form(anne, page)), (bruno, loaded_form(bruno, page))]
    statuses = []
    for number in range(20):
        client, form = forms[number % 2]
        response = client.post(
            f"/admin/pages/{page.pk}/edit/",
            {**form, "intro": f"Version {number}", "action-publish": "1"},
        )
        statuses.append(response.status_code)
    assert statuses == [302] + [409] * 19
    assert page_at(URL).intro == "Version 0"


def test_a_form_loaded_after_the_last_save_saves(django_user_model):
    page = page_at(URL)
    anne = session(django_user_model, "anne", "Anne Dupont")
    bruno = session(django_user_model, "bruno", "Bruno Martin")
    anne.post(f"/admin/pages/{page.pk}/edit/", {**loaded_form(anne, page), "intro": "A"})
    response = bruno.post(
        f"/admin/pages/{page.pk}/edit/", {**loaded_form(bruno, page), "intro": "B"}
    )
    assert response.status_code == 302
    assert page_at(URL).get_latest_revision_as_object().intro == "B"
