"""A visitor filters the plan by a thematic, opens an action and reaches its partner's page."""

import pytest

from tests.browser.conftest import assert_no_axe_violation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/ppli/plan-2017-2020/"


def test_filter_open_action_and_follow_to_partner(live_server, live_content, page):
    page.goto(f"{live_server.url}{PLAN}")
    page.get_by_label("Thématique").select_option(label="Lutte contre le racisme")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**?*thematique=lutte-contre-le-racisme*")
    assert "correspondent aux filtres" in page.locator(".results-count").inner_text()
    assert page.locator(".card--action").count() >= 1
    assert page.get_by_role("link", name="Action 1.1", exact=True).count() == 0
    assert_no_axe_violation(page)

    page.get_by_role("link", name="Action 27", exact=True).click()
    page.wait_for_url("**/objectif-27/action-27/")
    assert page.locator("h1").inner_text() == "Action 27"
    assert_no_axe_violation(page)

    page.get_by_role("link", name="MRAX", exact=True).first.click()
    page.wait_for_url("**/ppli/partenaires/mrax/")
    assert page.locator("h1").inner_text() == "MRAX"
    assert page.get_by_role("link", name="Action 27", exact=True).count() == 1
    assert_no_axe_violation(page)


def test_the_plan_overview_folds_its_axes_on_a_phone(live_server, live_content, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}{PLAN}")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 8 * 844, f"{height} px : plus de 8 écrans"
    axes = page.locator(".plan-axis__details")
    assert axes.count() == 6
    assert page.locator(".card--action").first.is_hidden()
    # An axis opens from the keyboard (a native <details>, no script needed).
    page.locator(".plan-axis__details > summary").nth(2).focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Action 18.1", exact=True).is_visible()
    assert_no_axe_violation(page)
    context.close()
