"""A searcher finds the 'petite enfance' directory: search, suggestions, filter by kind, open it."""

import pytest

from tests.browser.conftest import assert_no_axe_violation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTORY = "Répertoire « petite enfance »"


def test_search_filter_by_kind_and_open_a_result(live_server, live_content, page):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Rechercher sur le site").fill("petite enfance")
    page.get_by_label("Rechercher sur le site").press("Enter")
    page.wait_for_url("**/recherche/?q=petite+enfance")
    assert page.locator("h1").inner_text() == "Rechercher sur le site"
    assert page.get_by_role("link", name=DIRECTORY).count() == 1
    assert_no_axe_violation(page)

    # Suggestions arrive in the field's datalist as the visitor types.
    words = page.get_by_label("Mots recherchés")
    words.fill("")
    words.press_sequentially("Répert", delay=50)
    # A function, not an expression: Playwright evals expressions, which the CSP forbids.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-suggestions option')]"
        f".some(option => option.value === {DIRECTORY!r})"
    )

    # Filter by kind: only directories are left, and the filter is in the address.
    words.fill("petite enfance")
    page.get_by_label("Type de contenu").select_option(label="Ressources : Répertoire")
    page.get_by_role("button", name="Rechercher").last.click()
    page.wait_for_url("**/recherche/?q=petite+enfance&type=repertoire&thematique=")
    kinds = page.locator(".search-results .card__kicker").all_inner_texts()
    assert kinds and all(kind.startswith("Répertoire") for kind in kinds)
    assert_no_axe_violation(page)

    # Open the result.
    page.get_by_role("link", name=DIRECTORY).click()
    page.wait_for_url("**/ressources/outils-et-publications/repertoire-petite-enfance/")
    assert page.locator("h1").inner_text() == DIRECTORY
    assert_no_axe_violation(page)
