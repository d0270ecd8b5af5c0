"""A partner fills and sends the sign-up form with the keyboard only, and reads the confirmation."""

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


def test_keyboard_only_sign_up(live_server, live_content, page, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (1000, 600)
    page.goto(f"{live_server.url}/ppli/groupes-de-travail/")
    assert_no_axe_violation(page)

    # Sending the empty form shows the errors, which must be accessible too.
    tab_to_label(page, "Envoyer ma demande")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert "Choisissez au moins un groupe" in page.locator(".error-summary").inner_text()
    assert_no_axe_violation(page)

    tab_to_label(page, "GT 3°")
    page.keyboard.press("Space")
    tab_to_label(page, "Comité d'accompagnement")
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

    page.wait_for_url("**/groupes-de-travail/confirmation/")
    assert page.locator("h1").inner_text() == "Merci, votre demande est bien envoyée"
    status = page.locator("[role=status]").inner_text()
    assert "GT 3°" in status and "Comité d'accompagnement" in status
    assert_no_axe_violation(page)
    assert WorkingGroupSignup.objects.filter(email="awa@example.org").count() == 2
