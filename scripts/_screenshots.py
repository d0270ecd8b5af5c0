"""Screenshots of every public page type at 390 and 1280 px, and of each component.

Run through scripts/screenshots. A throwaway site (scripts/_site.py) is served with the
initial content; Debian's Chromium, driven by Playwright, writes the PNGs to
docs/screenshots/ (pages) and docs/screenshots/composants/ (the component library of
docs/design.md). The images are reduced to 256 colours to keep the repository light.
"""

import argparse
import io
import sys

from _site import ROOT, throwaway_site
from PIL import Image
from playwright.sync_api import sync_playwright

OUTPUT = ROOT / "docs" / "screenshots"
COMPONENTS = OUTPUT / "composants"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = {390: 844, 1280: 900}
# Long pages are cut after this many pixels: enough to judge them, light to store.
MAX_HEIGHT = 4000
PLAN = "/ppli/plan-2017-2020/"
ACTION = PLAN + "logement/objectif-18/action-18-1/"
DIRECTORY = "/ressources/repertoires-et-cartographies/"

PAGES = [
    ("accueil", "/"),
    ("page-de-contenu", "/contact/"),
    ("formulaire-de-contact", "/contact/general/"),
    ("equipe", "/presentation/equipe/"),
    ("thematiques", "/thematiques/"),
    ("thematique", "/thematiques/logement/"),
    ("ppli", "/ppli/"),
    ("plan", PLAN),
    ("plan-filtre", PLAN + "?thematique=logement"),
    ("plan-imprimable", PLAN + "imprimer/"),
    ("axe", PLAN + "logement/"),
    ("objectif", PLAN + "logement/objectif-18/"),
    ("action", ACTION),
    ("groupes-de-travail", "/ppli/groupes-de-travail/"),
    ("groupe-de-travail", "/ppli/groupes-de-travail/gt-logement/"),
    ("partenaires", "/ppli/partenaires/"),
    ("partenaire", "/ppli/partenaires/cpas/"),
    ("publics", "/ppli/publics/"),
    ("public", "/ppli/publics/cpas/"),
    ("historique", "/ppli/historique/"),
    ("fiche-historique", "/ppli/historique/2007-mise-en-place-du-plan-local-d-integration/"),
    ("livret-preambule", PLAN + "preambule/"),
    ("livret-notes", PLAN + "pli-et-ppli/"),
    ("qui-sommes-nous", "/presentation/qui-sommes-nous/"),
    ("bibliotheque", "/ressources/outils-et-publications/"),
    ("ressource", "/ressources/outils-et-publications/livret-ppli-2017-2020/"),
    ("actualites", "/ressources/actus-du-secteur/"),
    ("actualite", "/ressources/actus-du-secteur/exemple-actualite/"),
    ("repertoire", DIRECTORY),
    ("repertoire-filtre", DIRECTORY + "?commune=Namur"),
    ("fiche-repertoire", DIRECTORY + "service-synthetique-2/"),
    ("fiche-repertoire-centre", DIRECTORY + "cai-saint-servais/"),
    ("glossaire", "/glossaire/"),
    ("recherche", "/recherche/?q=logement"),
    ("page-introuvable", "/page-inexistante/"),
]

# (file, page, width, CSS selector, action before the shot)
COMPONENT_SHOTS = [
    ("en-tete-ordinateur", "/", 1280, ".site-header", None),
    ("en-tete-telephone", "/", 390, ".site-header", None),
    ("menu-telephone-ouvert", "/", 390, ".site-header", "open-menu"),
    ("menu-sous-menu-ouvert", "/", 1280, "body", "open-submenu"),
    ("accueil-bandeau-et-portes", "/", 1280, ".page-home main", "top"),
    ("carte", "/ressources/outils-et-publications/", 1280, ".cards .card", None),
    ("tuiles-thematiques", "/thematiques/", 1280, ".cards--tiles", None),
    ("carte-action", ACTION.rsplit("action-", 1)[0], 1280, ".card--action", None),
    ("faits-action", ACTION, 1280, ".panel", None),
    ("axe-replie", PLAN, 390, ".plan-axis", None),
    ("filtres", PLAN, 1280, ".plan-filters", None),
    ("fil-d-ariane", ACTION, 1280, ".breadcrumbs", None),
    ("coordonnees", "/contact/", 1280, ".contact-card", None),
    ("glossaire", "/glossaire/", 1280, ".glossary", "top"),
    ("resultat-de-recherche", "/recherche/?q=logement", 1280, ".search-results .card", None),
    ("formulaire", "/contact/general/", 1280, "form.form", None),
    ("signataires", PLAN + "preambule/", 1280, ".signatures", None),
    ("notes", PLAN + "pli-et-ppli/", 1280, ".footnotes", None),
    ("frise", "/ppli/historique/", 1280, ".timeline", None),
    ("pied-de-page", "/", 1280, ".site-footer", None),
    ("carte-des-services", DIRECTORY, 1280, ".directory-map", "map"),
]


def reduce(path):
    """256 colours: a UI screenshot stays sharp at a fraction of the size."""
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            path, optimize=True
        )


def offline_tiles(context):
    """Map tiles come from a tile server on the internet, out of reach here: each is answered
    with a plain light tile, so the map's markers and controls show as on the live site."""
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (233, 236, 239)).save(buffer, format="PNG")
    tile = buffer.getvalue()
    context.route(
        "https://*tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=tile),
    )


def shoot_pages(browser, base, only):
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-BE")
        offline_tiles(context)
        page = context.new_page()
        for name, url in PAGES:
            if only and name not in only:
                continue
            page.goto(base + url, wait_until="networkidle")
            full = page.evaluate("document.documentElement.scrollHeight")
            path = OUTPUT / f"{name}-{width}.png"
            page.screenshot(
                path=path,
                full_page=True,
                clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)},
            )
            reduce(path)
            print(f"  {path.relative_to(ROOT)} ({full} px de haut)")
        context.close()


def shoot_components(browser, base):
    for name, url, width, selector, action in COMPONENT_SHOTS:
        context = browser.new_context(
            viewport={"width": width, "height": WIDTHS[width]}, locale="fr-BE"
        )
        offline_tiles(context)
        page = context.new_page()
        page.goto(base + url, wait_until="networkidle")
        if action == "open-menu":
            page.get_by_role("button", name="Menu").click()
        elif action == "open-submenu":
            page.get_by_role("button", name="Thématiques").click()
        elif action == "map":  # drawn once the script has read the points
            page.wait_for_selector(".directory-map .leaflet-marker-icon")
        path = COMPONENTS / f"{name}.png"
        if action in ("top", "open-submenu"):
            page.screenshot(path=path, clip={"x": 0, "y": 0, "width": width, "height": 760})
        else:
            page.locator(selector).first.screenshot(path=path)
        reduce(path)
        print(f"  {path.relative_to(ROOT)}")
        context.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="noms de pages à refaire (défaut : toutes)")
    args = parser.parse_args()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    COMPONENTS.mkdir(exist_ok=True)
    print("Site jetable : migrations et contenu initial…")
    with throwaway_site() as site, sync_playwright() as playwright:
        base = site.url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"Captures des pages ({base}) :")
        shoot_pages(browser, base, set(args.pages))
        if not args.pages:
            print("Captures des composants :")
            shoot_components(browser, base)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
