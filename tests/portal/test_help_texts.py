"""Every field an editor fills in explains itself, in French, right under its label.

The rule is held on what editors see: the admin forms as rendered (the create view of every
page type, or its edit view once max_count is reached; the create view of every snippet; the
edit view of every setting), not the models, so a panel's own help text, a form's and Wagtail's
translated ones all count, and a field added without one fails here.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, Site, get_page_models
from wagtail.snippets.models import get_snippet_models

from ppli.models import WorkingGroupSignup

pytestmark = pytest.mark.django_db

# Requests come from the public sign-up form; staff only accept or refuse them.
NOT_EDITED = {WorkingGroupSignup}

# Words a French help text never contains; Wagtail and third-party apps print them untranslated.
ENGLISH = re.compile(r"\b(the|and|of|your|this|will|page's|None)\b", re.IGNORECASE)

# The form controls that name a field (rich text and choosers are hidden inputs driven by
# JavaScript: fields an editor fills in all the same).
CONTROLS = ["input", "select", "textarea"]


def field_name(wrapper):
    """The field's name as the form posts it, rows of an inline panel counted once."""
    control = wrapper.find(CONTROLS, attrs={"name": True})
    name = control["name"] if control else wrapper.get("data-contentpath") or wrapper.get("id")
    return re.sub(r"-(\d+|__prefix__)-", "-*-", name or "?")


def text_of(element):
    # Not get_text(): bs4 leaves out the strings of a <template> (the empty inline row).
    return " ".join(" ".join(element.find_all(string=True)).split()) if element else ""


def help_text(soup, wrapper):
    """The help text of a field wrapper: its own help block, or what its control points to."""
    text = text_of(wrapper.find("div", class_="w-field__help"))
    if text:
        return text
    for control in wrapper.find_all(CONTROLS):
        for id_ in (control.get("aria-describedby") or "").split():
            if "helptext" in id_:
                text = text_of(soup.find(id=id_))
                if text:
                    return text
    return ""


def outside_the_form(wrapper):
    """Wagtail's own controls: the side panels (status, preview mode, checks) and comments."""
    return wrapper.find_parent("aside", class_="form-side") is not None or any(
        parent.get("id") == "comments"
        or any(token.startswith("comment") for token in parent.get("class") or [])
        for parent in wrapper.parents
    )


def field_wrappers(soup):
    """Every rendered field wrapper, those inside <template> (empty inline rows) included."""
    # bs4's find_all, not CSS select: soupsieve does not look inside <template>.
    for wrapper in soup.find_all("div", attrs={"data-field": True}):
        classes = wrapper.get("class") or []
        if "w-field" not in classes or outside_the_form(wrapper):
            continue
        if "w-field--hidden_input" in classes:
            # A forms.HiddenInput: bookkeeping no editor sees (Wagtail names the widget in the
            # wrapper's classes; rich text and choosers have their own widget classes).
            continue
        yield wrapper


def problems(html):
    """{field name: what is wrong} for one admin form."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for wrapper in field_wrappers(soup):
        text = help_text(soup, wrapper)
        name = field_name(wrapper)
        if not text:
            found[name] = "aucune aide"
        elif ENGLISH.search(text):
            found[name] = f"aide en anglais : {text!r}"
    return found


def is_test_model(model):
    """The page cache's test app (tests/pagecache/testapp): no editor ever sees it."""
    return model.__module__.startswith("tests.")


def page_form_urls():
    """The create view of each page type under a parent that accepts it; when none does any
    more (max_count), the edit view of an existing page of the type."""
    urls = {}
    for model in get_page_models():
        if model is Page or is_test_model(model):
            continue
        label = model._meta.label
        parents = Page.objects.type(*model.allowed_parent_page_models()).order_by("path")
        parent = next((p for p in parents if model.can_create_at(p)), None)
        if parent is not None:
            urls[label] = reverse(
                "wagtailadmin_pages:add",
                args=[model._meta.app_label, model._meta.model_name, parent.pk],
            )
            continue
        existing = model.objects.order_by("path").first()
        assert existing is not None, f"{label} : ni parent possible ni page existante"
        urls[label] = reverse("wagtailadmin_pages:edit", args=[existing.pk])
    return urls


def snippet_form_urls():
    return {
        model._meta.label: reverse(model.snippet_viewset.get_url_name("add"))
        for model in get_snippet_models()
        if model not in NOT_EDITED
    }


def setting_form_urls():
    site = Site.objects.get(is_default_site=True)
    return {
        model._meta.label: reverse(
            "wagtailsettings:edit",
            args=[model._meta.app_label, model._meta.model_name, site.pk],
        )
        for model in settings_registry
    }


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("aide", "aide@example.org", "x")
    client.force_login(user)
    return client


def assert_forms_explain_every_field(client, urls):
    failures = {}
    with translation.override("fr-be"):
        for label, url in urls.items():
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-be")
            assert response.status_code == 200, (label, url, response.status_code)
            found = problems(response.content.decode())
            if found:
                failures[label] = found
    assert not failures, "Champs sans aide en français :\n" + "\n".join(
        f"{label} ({urls[label]}): {found}" for label, found in failures.items()
    )


def test_every_page_field_has_a_french_help_text(editor_client):
    urls = page_form_urls()
    # Every page type of the site is looked at, not just those the content happens to use.
    assert {"home.HomePage", "ppli.ActionPage", "resources.ResourcePage"} <= set(urls)
    assert_forms_explain_every_field(editor_client, urls)


def test_every_snippet_field_has_a_french_help_text(editor_client):
    urls = snippet_form_urls()
    assert {
        "home.Person",
        "ppli.Organisation",
        "taxonomies.Audience",
        "glossary.Abbreviation",
    } <= set(urls)
    assert_forms_explain_every_field(editor_client, urls)


def test_every_setting_field_has_a_french_help_text(editor_client):
    urls = setting_form_urls()
    assert {"home.ContactSettings", "home.NavigationSettings", "ppli.PPLISettings"} <= set(urls)
    assert_forms_explain_every_field(editor_client, urls)


def test_the_check_catches_what_editors_would_miss():
    """A field without help, an English help and an empty row template all fail; a French
    help given through aria-describedby passes; a hidden input is not a field to explain."""
    html = """
    <div class="w-field" data-field data-contentpath="year">
      <div class="w-field__help"></div><input name="year"></div>
    <div class="w-field" data-field data-contentpath="slug">
      <div class="w-field__help"><div class="help">The name of the page</div></div>
      <input name="slug"></div>
    <template><div class="w-field" data-field>
      <div class="w-field__help"></div><input name="rows-__prefix__-text"></div></template>
    <div class="w-field" data-field>
      <input name="email" aria-describedby="email-helptext"></div>
    <p id="email-helptext">Adresse affichée dans le pied de page.</p>
    <template><div class="w-field" data-field><div class="w-field__help">
      <div class="help">Une ligne par note.</div></div><input name="rows-__prefix__-note"></div>
    </template>
    <div class="w-field w-field--hidden_input" data-field><input type="hidden" name="id"></div>
    """
    assert set(problems(html)) == {"year", "slug", "rows-*-text"}
