"""axe-core finds no violation on any page type of the site, on desktop and phone widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",  # HomePage
    "/presentation/",  # ContentPage with sub-pages
    "/presentation/equipe/",  # TeamPage
    "/contact/general/",  # FormPage
    "/thematiques/",  # ThematicIndexPage
    "/thematiques/sante/",  # ThematicPage
    "/ppli/",  # PPLIIndexPage
    "/ppli/historique/",  # long seed text
    "/ppli/plan-2017-2020/",  # PlanPage
    "/ppli/groupes-de-travail/",  # WorkingGroupIndexPage
    "/ressources/outils-et-publications/",  # ResourceIndexPage
    "/ressources/actus-du-secteur/",  # NewsIndexPage
    "/recherche/?q=ppli",  # search results
    "/recherche/?q=zzzzzz",  # no result
    "/page-inexistante/",  # 404
]


def test_no_axe_violation_on_any_page_type(live_server, live_content, browser):
    axe = Axe()
    failures = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-BE")
        page = context.new_page()
        for url in PAGES:
            page.goto(f"{live_server.url}{url}")
            results = axe.run(page)
            if results.violations_count:
                failures[f"{url} @ {width}px"] = results.generate_report()
        context.close()
    assert not failures, "\n\n".join(f"{url}\n{report}" for url, report in failures.items())


def test_contact_form_error_state_is_accessible(live_server, live_content, page):
    page.goto(f"{live_server.url}/contact/general/")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_selector(".error-summary")
    assert page.locator(".form__error").count() == 4
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
