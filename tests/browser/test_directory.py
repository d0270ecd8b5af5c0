"""The directory's map: the list's entries as markers, by mouse and keyboard, and the admin's
point picker. Tiles never come from the internet: a tiny PNG answers every tile request."""

import base64
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import Site

from directory.models import DirectoryEntryPage, DirectoryPage
from testing.factories import DirectoryEntryPageFactory, ServiceKindFactory
from tests.browser.conftest import assert_no_axe_violation, close_context
from tests.browser.test_csp import REPORT_VIOLATIONS, is_csp_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTORY = "/ressources/repertoires-et-cartographies/"
PASSWORD = "mot-de-passe-des-tests"
# A 1×1 grey PNG: every tile of every test.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4AwAA3gDdPkm7lwAAAABJRU5ErkJggg=="
)
# Five services a kilometre apart in Namur (apart on the map of Namur alone, one cluster on the
# map of the province), one in Namur without a point, two in Dinant.
NAMUR = [f"Service namurois {n}" for n in range(1, 6)]
DINANT = ["Service dinantais 1", "Service dinantais 2"]
WITHOUT_POINT = "Service namurois sans adresse précise"


@pytest.fixture
def directory(live_content, live_server):
    """The directory page with the eight entries above, and nothing else.

    The site is given the live server's address: the map's links are the GeoJSON's absolute
    URLs, built from the Site (Wagtail's get_full_url), not from the request."""
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
    cache.clear()  # Wagtail caches the sites' root URLs
    page = DirectoryPage.objects.get()
    for entry in DirectoryEntryPage.objects.child_of(page):
        entry.delete()
    kind = ServiceKindFactory(name="cours de français")
    for n, title in enumerate(NAMUR):
        DirectoryEntryPageFactory(
            parent=page,
            title=title,
            kind=kind,
            street=f"rue de Fer {n + 1}",
            latitude=f"{50.4650:.6f}",
            longitude=f"{4.8400 + n * 0.014:.6f}",
        )
    DirectoryEntryPageFactory(parent=page, title=WITHOUT_POINT, kind=kind)
    for n, title in enumerate(DINANT):
        DirectoryEntryPageFactory(
            parent=page,
            title=title,
            kind=kind,
            postcode="5500",
            commune="Dinant",
            latitude=f"{50.2600 + n * 0.01:.6f}",
            longitude="4.912000",
        )
    return page


def serve_tiles(context):
    """Answer the tile server's requests locally (this machine has no internet)."""
    context.route(
        f"{settings.DIRECTORY_TILE_ORIGIN}/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=TILE),
    )


@pytest.fixture
def map_page(browser, live_server):
    """A page at 1280 px, tiles served locally, no animation, CSP violations collected."""
    context = browser.new_context(
        locale="fr-BE", viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    serve_tiles(context)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.csp_violations = found = []
    page.on("console", lambda msg: found.append(msg.text) if is_csp_report(msg) else None)
    yield page
    close_context(context)


def wait_for_map(page):
    page.locator(".directory-map__canvas .leaflet-tile-loaded").first.wait_for()
    page.locator(".directory-map__status").filter(has_text="sur la carte").wait_for()


def markers(page):
    return page.locator(".directory-map img.leaflet-marker-icon")


def clusters(page):
    return page.locator(".directory-map .directory-map__cluster")


def points_shown(page):
    """How many entries the map shows: single markers plus what each cluster counts."""
    counts = [int(re.match(r"\d+", text).group()) for text in clusters(page).all_text_contents()]
    return markers(page).count() + sum(counts)


def list_names(page):
    return page.locator("ul.cards .card__link").all_text_contents()


def tab_until(page, condition, limit=100):
    """Press Tab until the focused element matches the JavaScript `condition` (on `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
            return
    pytest.fail(f"Aucun élément ne remplit « {condition} » au clavier")


def test_map_shows_the_lists_filtered_entries(directory, live_server, map_page):
    page = map_page
    page.goto(live_server.url + DIRECTORY)
    wait_for_map(page)
    # Every entry with a point: the five of Namur in a cluster at the province's scale.
    assert points_shown(page) == len(NAMUR) + len(DINANT)
    assert clusters(page).count() >= 1
    assert (
        "1 service sans position ne figure pas sur la carte"
        in page.locator(".directory-map__status").inner_text()
    )

    # Filtered by the list's own form: the map follows the same GET parameters.
    page.get_by_label("Commune").select_option("Namur")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"commune=Namur"))
    wait_for_map(page)
    assert sorted(list_names(page)) == sorted([*NAMUR, WITHOUT_POINT])
    assert clusters(page).count() == 0
    names = [marker.get_attribute("alt") for marker in markers(page).all()]
    assert sorted(names) == sorted(NAMUR)
    assert page.csp_violations == [], "\n".join(page.csp_violations)


def test_an_entry_opens_from_a_marker_and_from_the_list(directory, live_server, map_page):
    page = map_page
    page.goto(f"{live_server.url}{DIRECTORY}?commune=Dinant")
    wait_for_map(page)
    page.get_by_role("button", name=DINANT[0], exact=True).click()
    popup = page.locator(".leaflet-popup")
    assert "cours de français" in popup.inner_text()
    assert "rue de Fer 1, 5500 Dinant" in popup.inner_text()
    popup.get_by_role("link", name=DINANT[0]).click()
    page.get_by_role("heading", level=1, name=DINANT[0]).wait_for()

    page.go_back()
    page.locator("ul.cards").get_by_role("link", name=DINANT[1]).click()
    page.get_by_role("heading", level=1, name=DINANT[1]).wait_for()


def test_the_map_works_with_the_keyboard(directory, live_server, map_page):
    page = map_page
    page.goto(live_server.url + DIRECTORY)
    wait_for_map(page)
    # Enter on a cluster zooms in on its services; Enter on a marker opens its popup, whose
    # link then has the focus; Escape closes it and gives the focus back to the marker.
    tab_until(page, "el.classList.contains('directory-map__cluster')")
    assert page.evaluate("document.activeElement.textContent").startswith("5 services")
    page.keyboard.press("Enter")
    page.wait_for_function("!document.querySelector('.directory-map__cluster')")
    tab_until(page, "el.classList.contains('leaflet-marker-icon')")
    name = page.evaluate("document.activeElement.alt")
    assert name in NAMUR
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").wait_for()
    assert page.evaluate("document.activeElement.textContent") == name
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.evaluate("document.activeElement.alt") == name
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup a", has_text=name).wait_for()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name=name).wait_for()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_axe_violation_on_the_list_the_map_and_an_entry(directory, live_server, browser, width):
    context = browser.new_context(
        locale="fr-BE", viewport={"width": width, "height": 900}, reduced_motion="reduce"
    )
    serve_tiles(context)
    page = context.new_page()
    page.goto(live_server.url + DIRECTORY)
    wait_for_map(page)
    assert_no_axe_violation(page)
    # A popup open (after a cluster expanded): its link and close button.
    clusters(page).first.click()
    page.wait_for_function("!document.querySelector('.directory-map__cluster')")
    markers(page).first.click()
    page.locator(".leaflet-popup").wait_for()
    assert_no_axe_violation(page)
    page.goto(live_server.url + directory.get_children().first().url)
    assert_no_axe_violation(page)
    context.close()


def test_without_javascript_the_map_stays_hidden(directory, live_server, browser):
    context = browser.new_context(locale="fr-BE", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + DIRECTORY)
    assert page.locator(".directory-map").is_hidden()
    assert len(list_names(page)) == len(NAMUR) + len(DINANT) + 1
    context.close()


def test_clicking_the_point_picker_fills_the_coordinates(directory, live_server, map_page):
    page = map_page
    get_user_model().objects.create_superuser("carte", "carte@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "carte")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    entry = DirectoryEntryPage.objects.get(title=WITHOUT_POINT)
    page.goto(f"{live_server.url}/admin/pages/{entry.pk}/edit/")

    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    picker = page.locator(".point-picker__map")
    picker.locator(".leaflet-tile-loaded").first.wait_for()
    assert picker.locator("img.leaflet-marker-icon").count() == 0
    picker.click()  # the middle of the map: the province's default view
    assert re.fullmatch(r"50\.\d{6}", latitude.input_value())
    assert re.fullmatch(r"4\.\d{6}", longitude.input_value())
    assert abs(float(latitude.input_value()) - 50.35) < 0.05
    assert abs(float(longitude.input_value()) - 4.85) < 0.05
    assert picker.locator("img.leaflet-marker-icon").count() == 1

    page.get_by_role("button", name="Effacer la position").click()
    assert latitude.input_value() == longitude.input_value() == ""
    assert picker.locator("img.leaflet-marker-icon").count() == 0
    latitude.fill("50.4650")
    longitude.fill("4.8400")
    assert picker.locator("img.leaflet-marker-icon").count() == 1
    assert page.csp_violations == [], "\n".join(page.csp_violations)
