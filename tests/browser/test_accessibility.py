"""axe-core finds no violation on any page type, on desktop and phone widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from testing.factories import NewsPageFactory, TeamMemberFactory
from tests.conftest import page_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_news():
    """No news comes with the initial content: a few test items, one with an image."""
    index = page_at("/ressources/actus-du-secteur/")
    logement = page_at("/thematiques/logement/")
    image = Image.objects.create(title="Salle de réunion", file=get_test_image_file())
    news = NewsPageFactory(
        parent=index, title="Journée des partenaires", slug="journee-des-partenaires", image=image
    )
    news.thematics.set([logement])
    news.save()
    for _ in range(3):
        NewsPageFactory(parent=index)


def publish_team_page():
    """The team page is a draft until staff add the team: published here with one member."""
    team = page_at("/presentation/equipe/")
    TeamMemberFactory(page=team)
    for page in (page_at("/presentation/"), team):
        page.save_revision().publish()


PLAN = "/ppli/plan-2017-2020/"
MISSING = "/page-inexistante/"
PAGES = [
    "/",  # HomePage
    "/contact/",  # ContentPage with sub-pages and the contact block
    "/presentation/equipe/",  # TeamPage (published by the test)
    "/contact/general/",  # FormPage
    "/glossaire/",  # GlossaryPage
    "/protection-des-donnees/",  # ContentPage with text only
    "/thematiques/",  # ThematicIndexPage
    "/thematiques/logement/",  # ThematicPage with its PPLI section
    "/ppli/",  # PPLIIndexPage
    "/ppli/historique/",  # HistoryIndexPage (timeline)
    "/ppli/historique/2007-mise-en-place-du-plan-local-d-integration/",  # HistorySheetPage
    PLAN + "preambule/",  # booklet section with its signatories
    PLAN + "pli-et-ppli/",  # booklet section with footnotes
    "/presentation/qui-sommes-nous/",  # page from the seeds' sentences
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
    "/ppli/constats-de-terrain/",  # FindingsPage (network)
    "/ppli/reactualisation/",  # ConsultationPage, before the consultation is dated
    "/ressources/outils-et-publications/",  # ResourceIndexPage
    "/ressources/outils-et-publications/?type=repertoire&annee=abc",  # with a bad filter
    "/ressources/outils-et-publications/livret-ppli-2017-2020/",  # ResourcePage with its PDF
    "/ressources/actus-du-secteur/",  # NewsIndexPage (news added by the test)
    "/ressources/actus-du-secteur/journee-des-partenaires/",  # NewsPage
    "/recherche/?q=ppli",  # search results
    "/recherche/?q=racisme&type=ppli&thematique=lutte-contre-le-racisme",  # filtered
    "/recherche/?q=zzzzzz",  # no result
    "/recherche/?q=CPAS",  # partners and audiences above the pages
    "/recherche/?q=interprettariat",  # a spelling suggestion on PostgreSQL
    MISSING,  # 404
]


def test_no_axe_violation_anywhere(live_server, live_content, browser):
    add_news()
    publish_team_page()
    axe = Axe()
    failures = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-BE")
        page = context.new_page()
        for url in PAGES:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == (404 if url == MISSING else 200), url
            results = axe.run(page)
            if results.violations_count:
                failures[f"{url} @ {width}px"] = results.generate_report()
        context.close()

    # Open menus: the phone menu with a sub-menu, a computer's sub-menu.
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-BE")
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        if width == 390:
            page.get_by_role("button", name="Menu").click()
        page.get_by_role("button", name="Thématiques").click()
        results = axe.run(page)
        if results.violations_count:
            failures[f"/ menu ouvert @ {width}px"] = results.generate_report()
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
