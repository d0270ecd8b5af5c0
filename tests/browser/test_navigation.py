"""A visitor reaches a thematic page through the menu with the keyboard only; axe finds nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_text(page):
    return page.evaluate("document.activeElement && document.activeElement.textContent.trim()")


def tab_to(page, text, limit=40):
    """Press Tab until the focused element reads `text`; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_text(page) == text:
            return
    pytest.fail(f"« {text} » n'est pas atteignable au clavier")


def assert_no_axe_violation(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_keyboard_reaches_a_thematic_through_the_menu(live_server, live_content, page):
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").count() == 1
    assert_no_axe_violation(page)

    # The first Tab lands on the skip link.
    page.keyboard.press("Tab")
    assert focused_text(page) == "Aller au contenu"

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


def test_escape_closes_the_sub_menu(live_server, live_content, page):
    page.goto(f"{live_server.url}/")
    tab_to(page, "Contact")
    page.keyboard.press("Enter")
    assert page.locator("#sous-menu-contact").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#sous-menu-contact").is_hidden()
    assert focused_text(page) == "Contact"


def test_mobile_menu_opens_with_the_keyboard(live_server, live_content, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}/ppli/")
    assert page.locator("#menu-principal").is_hidden()
    tab_to(page, "Menu")
    page.keyboard.press("Enter")
    assert page.locator("#menu-principal").is_visible()
    assert_no_axe_violation(page)
    context.close()


def test_skip_link_moves_focus_to_the_content(live_server, live_content, page):
    page.goto(f"{live_server.url}/contact/general/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"
    assert_no_axe_violation(page)


def test_axe_harness_reports_real_violations(live_server, live_content, page):
    """Guards the checks above: the same harness does flag an image without alt text."""
    page.goto(f"{live_server.url}/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x>')")
    assert Axe().run(page).violations_count > 0
