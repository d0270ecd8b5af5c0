"""A visitor reaches a thematic page through the menu with the keyboard only.

Browser tests are few and long on purpose: each one empties the database when it ends
and the next reloads the whole initial content.
"""

import pytest

from tests.browser.conftest import assert_no_axe_violation, focused_text, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keyboard_navigation(live_server, live_content, page, browser):
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").count() == 1

    # The first Tab lands on the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    assert focused_text(page) == "Aller au contenu"

    # Menu: open « Thématiques » with Enter, Tab into it, follow a thematic.
    tab_to(page, "Thématiques")
    toggle = page.locator('button[aria-controls="sous-menu-thematiques"]')
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("#sous-menu-thematiques").is_hidden()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#sous-menu-thematiques").is_visible()
    tab_to(page, "Migrants en transit")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thematiques/migrants-en-transit/")
    assert page.locator("h1").inner_text() == "Migrants en transit"
    assert page.get_attribute("html", "lang") == "fr"
    assert_no_axe_violation(page)

    # Escape closes an open sub-menu and gives focus back to its button.
    tab_to(page, "Contact")
    page.keyboard.press("Enter")
    assert page.locator("#sous-menu-contact").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#sous-menu-contact").is_hidden()
    assert focused_text(page) == "Contact"

    # Skip link.
    page.goto(f"{live_server.url}/contact/general/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"

    # On a phone the menu hides behind a button that opens with the keyboard.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    mobile = phone.new_page()
    mobile.goto(f"{live_server.url}/ppli/")
    assert mobile.locator("#menu-principal").is_hidden()
    tab_to(mobile, "Menu")
    mobile.keyboard.press("Enter")
    assert mobile.locator("#menu-principal").is_visible()
    tab_to(mobile, "Thématiques")
    mobile.keyboard.press("Enter")
    tab_to(mobile, "Santé")
    mobile.keyboard.press("Enter")
    mobile.wait_for_url("**/thematiques/sante/")
    assert_no_axe_violation(mobile)
    phone.close()
