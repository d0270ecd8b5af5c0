"""axe-core finds no violation on any page type, on desktop and phone widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/ppli/plan-2017-2020/"
PAGES = [
    "/",  # HomePage
    "/presentation/",  # ContentPage with sub-pages
    "/presentation/equipe/",  # TeamPage
    "/contact/general/",  # FormPage
    "/thematiques/",  # ThematicIndexPage
    "/thematiques/logement/",  # ThematicPage with its PPLI section
    "/ppli/",  # PPLIIndexPage
    "/ppli/historique/",  # long seed text
    PLAN,  # PlanPage overview
    PLAN + "?axe=inexistant&thematique=logement",  # with a bad filter value
    PLAN + "imprimer/",  # printable plan
    PLAN + "logement/",  # AxisPage
    PLAN + "logement/objectif-18/",  # ObjectivePage
    PLAN + "logement/objectif-18/action-18-1/",  # ActionPage
    "/ppli/groupes-de-travail/",  # WorkingGroupIndexPage
    "/ppli/groupes-de-travail/gt-logement/",  # WorkingGroupPage
    "/ppli/partenaires/",  # organisations
    "/ppli/partenaires/mrax/",  # an organisation
    "/ppli/publics/",  # audiences
    "/ppli/publics/cpas/",  # an audience
    "/ressources/outils-et-publications/",  # ResourceIndexPage
    "/ressources/actus-du-secteur/",  # NewsIndexPage
    "/recherche/?q=ppli",  # search results
    "/recherche/?q=zzzzzz",  # no result
    "/page-inexistante/",  # 404
]


def test_no_axe_violation_anywhere(live_server, live_content, browser):
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

    # The contact form in its error state.
    context = browser.new_context(locale="fr-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}/contact/general/")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_selector(".error-summary")
    assert page.locator(".form__error").count() == 4
    results = axe.run(page)
    if results.violations_count:
        failures["/contact/general/ (erreurs)"] = results.generate_report()

    # Guard: the same harness does flag an image without alt text.
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x>')")
    assert axe.run(page).violations_count > 0
    context.close()

    assert not failures, "\n\n".join(f"{url}\n{report}" for url, report in failures.items())
