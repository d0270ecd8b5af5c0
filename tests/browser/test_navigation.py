"""A visitor finds their way with the menu, by keyboard, on a computer and on a phone.

Browser tests are few and long on purpose: each one empties the database when it ends
and the next reloads the whole initial content.
"""

import pytest
from wagtail.models import Page

from tests.browser.conftest import assert_no_axe_violation, focused_text, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Sums the layout shifts the browser saw since the page started loading (what Lighthouse
# reports as Cumulative Layout Shift).
LAYOUT_SHIFT = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})
"""


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

    # The PPLI, the heart of the site, has its own entry.
    page.get_by_role("button", name="PPLI").click()
    page.get_by_role("link", name="Plan d’action 2017-2020").click()
    page.wait_for_url("**/ppli/plan-2017-2020/")

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
    # Escape closes the phone menu too, and focus goes back to its button.
    mobile.get_by_role("button", name="Menu").click()
    mobile.keyboard.press("Escape")
    assert mobile.locator("#menu-principal").is_hidden()
    assert focused_text(mobile) == "Menu"
    phone.close()


def test_nothing_moves_while_pages_load(live_server, live_content, browser):
    """The closed menus come from the CSS: no layout shift when the script runs."""
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for url in ("/", "/thematiques/logement/", "/ppli/plan-2017-2020/"):
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("load")
            shift = page.evaluate(LAYOUT_SHIFT)
            assert shift < 0.05, f"{url} @ {width}px : décalage {shift:.3f}"
        context.close()


def test_without_javascript_every_menu_link_is_reachable(live_server, live_content, browser):
    for width in (390, 1280):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=False
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        assert page.locator(".menu-toggle").is_hidden()
        assert page.locator("#menu-principal").is_visible()
        link = page.locator('#sous-menu-thematiques a[href="/thematiques/sante/"]')
        if width == 1280:  # a computer: the sub-menu opens on focus
            page.locator('button[aria-controls="sous-menu-thematiques"]').focus()
        assert link.is_visible()
        context.close()


def test_the_whole_menu_fits_on_one_line_from_1280_px(live_server, live_content, browser):
    # Every page of the centre's menu published, as once staff have written them.
    for page in Page.objects.filter(live=False, depth__gt=1):
        page.specific.save_revision().publish()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    items = page.locator(".menu > .menu__item")
    assert items.count() == 9  # Accueil, the seven sections of the centre's menu, the PPLI
    tops = {round(box["y"]) for box in (items.nth(n).bounding_box() for n in range(9))}
    assert len(tops) == 1, "le menu passe à la ligne"
    assert page.locator(".menu-toggle").is_hidden()
    # Just below 1280 px the phone menu takes over rather than wrapping.
    page.set_viewport_size({"width": 1279, "height": 900})
    assert page.locator(".menu-toggle").is_visible()
    assert page.locator("#menu-principal").is_hidden()
    context.close()
