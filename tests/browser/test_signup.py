"""A partner fills and sends the form « Rejoindre le réseau du PPLI » with the keyboard only, and
reads the confirmation; a form sent back with errors opens on its error summary."""

import re

import pytest

from ppli.models import WorkingGroupSignup
from tests.browser.conftest import assert_no_axe_violation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The label of the focused form control (links, such as the error summary's, are skipped).
FOCUSED_LABEL = """() => {
    const el = document.activeElement;
    if (!el || !["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(el.tagName)) return "";
    if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
    return el.textContent.trim();
}"""


def tab_to_label(page, label, limit=200):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_LABEL).startswith(label):
            return
    pytest.fail(f"« {label} » n'est pas atteignable au clavier")


SUMMARY_FOCUSED = "() => document.activeElement && document.activeElement.matches('.error-summary')"


def assert_error_summary_is_focused_and_visible(page):
    """The page reloaded with errors opens on its summary: focused, on screen, and the title
    says there is an error."""
    page.wait_for_selector(".error-summary")
    page.wait_for_function(SUMMARY_FOCUSED)
    assert page.evaluate(SUMMARY_FOCUSED)
    assert page.title().startswith("Erreur\u00a0: ")
    box = page.locator(".error-summary").bounding_box()
    viewport = page.viewport_size
    # Scrolled to the top of the screen (within a sub-pixel of rounding).
    assert box is not None and -1 < box["y"] < viewport["height"]
    assert "Il y a un problème" in page.locator(".error-summary").inner_text()


def test_keyboard_only_sign_up(live_server, live_content, page, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (1000, 600)
    page.goto(f"{live_server.url}/ppli/groupes-de-travail/")
    assert_no_axe_violation(page)

    # Sending the empty form shows the errors, which must be accessible too.
    tab_to_label(page, "Envoyer ma demande")
    page.keyboard.press("Enter")
    assert_error_summary_is_focused_and_visible(page)
    summary = page.locator(".error-summary").inner_text()
    assert "Cochez au moins un axe ou une thématique" in summary
    assert_no_axe_violation(page)

    tab_to_label(page, "3° ")
    page.keyboard.press("Space")
    tab_to_label(page, "Logement")
    page.keyboard.press("Space")
    tab_to_label(page, "Organisation")
    page.keyboard.type("Maison médicale du Centre")
    tab_to_label(page, "Associatif")
    page.keyboard.press("Space")
    tab_to_label(page, "Personne de contact")
    page.keyboard.type("Awa Diallo")
    tab_to_label(page, "Fonction")
    page.keyboard.type("Coordinatrice")
    tab_to_label(page, "Adresse e-mail")
    page.keyboard.type("awa@example.org")
    tab_to_label(page, "Commune")
    page.keyboard.type("Namur")
    tab_to_label(page, "J'accepte que le C.A.I. traite ces données")
    page.keyboard.press("Space")
    tab_to_label(page, "Envoyer ma demande")
    page.keyboard.press("Enter")

    # The form's anchor (#rejoindre-le-reseau) follows the redirection; nothing there bears it.
    page.wait_for_url(re.compile(r"/groupes-de-travail/confirmation/(#rejoindre-le-reseau)?$"))
    assert page.locator("h1").inner_text() == "Merci, votre demande est bien envoyée"
    status = page.locator("[role=status]").inner_text()
    assert "rejoindre le réseau du PPLI a été enregistrée" in status
    assert_no_axe_violation(page)
    signup = WorkingGroupSignup.objects.get(email="awa@example.org")
    assert [axis.number for axis in signup.axes.all()] == ["3°"]
    assert [thematic.slug for thematic in signup.thematics.all()] == ["logement"]


@pytest.mark.parametrize("url", ["/ppli/groupes-de-travail/", "/contact/general/"])
def test_on_a_phone_a_failed_sending_opens_on_the_error_summary(
    live_server, live_content, browser, url
):
    context = browser.new_context(locale="fr-BE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}{url}")
    if "groupes-de-travail" in url:
        # The header leads to the form, far down the page on a phone.
        page.get_by_role("link", name="Rejoindre le réseau", exact=True).click()
        page.wait_for_url("**#rejoindre-le-reseau")
        heading = page.get_by_role("heading", name="Rejoindre le réseau du PPLI")
        assert heading.bounding_box()["y"] < 844
        page.get_by_role("button", name="Envoyer ma demande").click()
    else:
        page.get_by_role("button", name="Envoyer").click()
    assert_error_summary_is_focused_and_visible(page)
    # A link of the summary takes the focus to its field.
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.tagName") in ("INPUT", "TEXTAREA", "SELECT")
    context.close()
