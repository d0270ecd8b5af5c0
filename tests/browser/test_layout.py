"""No page scrolls sideways and no text leaves its card, on a small phone, a phone and a computer.

One page of every page type at 320, 390 and 1280 px wide, in one browser; axe-core runs on
the pages whose layout changes most at 320 px (test_accessibility.py covers 390 and 1280).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from testing.factories import NewsPageFactory
from tests.conftest import page_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = "/ppli/plan-2017-2020/"
NEWS = "/ressources/actus-du-secteur/journee-des-partenaires-de-l-interculturalite/"
MISSING = "/page-inexistante/"
PAGES = [
    "/",  # HomePage: entry points and the thematic tiles
    "/protection-des-donnees/",  # ContentPage
    "/contact/",  # ContentPage with sub-pages
    "/thematiques/",  # ThematicIndexPage: the tiles of the long labels (Interculturalité…)
    "/thematiques/fle-alpha-ran/",  # ThematicPage
    "/ppli/",  # PPLIIndexPage
    PLAN,  # PlanPage
    PLAN + "logement/",  # AxisPage
    PLAN + "logement/objectif-18/",  # ObjectivePage
    PLAN + "logement/objectif-18/action-18-1/",  # ActionPage
    PLAN + "pli-et-ppli/",  # booklet section, with a long address in a footnote
    "/ppli/groupes-de-travail/",  # WorkingGroupIndexPage
    "/ppli/groupes-de-travail/gt-logement/",  # WorkingGroupPage
    "/ppli/historique/",  # HistoryIndexPage
    "/ppli/historique/2007-mise-en-place-du-plan-local-d-integration/",  # HistorySheetPage
    "/ppli/partenaires/",  # organisations
    "/ppli/partenaires/mrax/",  # an organisation
    "/ppli/publics/",  # audiences
    "/ppli/publics/cpas/",  # an audience
    "/ppli/constats-de-terrain/",  # FindingsPage (network)
    "/ppli/reactualisation/",  # ConsultationPage
    "/ressources/outils-et-publications/",  # ResourceIndexPage
    "/ressources/outils-et-publications/livret-ppli-2017-2020/",  # ResourcePage
    "/ressources/actus-du-secteur/",  # NewsIndexPage, with the item the test adds
    NEWS,  # NewsPage
    "/ressources/repertoires-et-cartographies/",  # DirectoryPage
    "/ressources/repertoires-et-cartographies/cai-saint-servais/",  # DirectoryEntryPage
    "/glossaire/",  # GlossaryPage
    "/recherche/?q=interculturalit%C3%A9",  # search results
    "/contact/general/",  # FormPage
    MISSING,  # 404
]
WIDTHS = (320, 390, 1280)
# axe at 320 px where the layout changes most (tiles, entry points, the plan, filters).
AXE_PAGES = ["/", "/thematiques/", PLAN, "/ressources/outils-et-publications/", NEWS, MISSING]

# What overflows: the page itself, and any card, tile or button whose content is wider than it.
OVERFLOW = """() => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) {
        problems.push(`la page fait ${root.scrollWidth} px de large`);
    }
    const boxes = ".card, .card__body, .card__title, .tile, .panel, .button, .footnotes li";
    for (const box of document.querySelectorAll(boxes)) {
        if (box.scrollWidth > box.clientWidth + 1) {
            const text = box.textContent.trim().replace(/\\s+/g, " ").slice(0, 60);
            problems.push(`${box.className} (${box.scrollWidth} > ${box.clientWidth}) : ${text}`);
        }
    }
    return problems;
}"""


def add_news():
    """The initial content has no news: one item with a long title, as a listing shows it."""
    NewsPageFactory(
        parent=page_at("/ressources/actus-du-secteur/"),
        title="Journée des partenaires de l'interculturalité : une rencontre ?",
        slug="journee-des-partenaires-de-l-interculturalite",
    )


def test_no_text_leaves_its_box_at_any_width(live_server, live_content, browser):
    add_news()
    axe = Axe()
    overflows, violations = {}, {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-BE")
        page = context.new_page()
        for url in PAGES:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == (404 if url == MISSING else 200), url
            problems = page.evaluate(OVERFLOW)
            if problems:
                overflows[f"{url} @ {width}px"] = problems
            if width == 320 and url in AXE_PAGES:
                results = axe.run(page)
                if results.violations_count:
                    violations[url] = results.generate_report()
        if width == 320:
            # Guard: the same check does see a title that cannot wrap.
            page.goto(f"{live_server.url}/thematiques/")
            page.evaluate(
                "const title = document.querySelector('.card__title');"
                "title.style.whiteSpace = 'nowrap';"
                "title.textContent += ' interculturalité'.repeat(9);"
            )
            assert page.evaluate(OVERFLOW)
        context.close()

    assert not overflows, "\n".join(f"{where}: {found}" for where, found in overflows.items())
    assert not violations, "\n\n".join(f"{url}\n{report}" for url, report in violations.items())
