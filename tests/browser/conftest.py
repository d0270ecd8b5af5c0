"""Playwright driving Debian's Chromium (/usr/bin/chromium); Playwright's download fails here."""

import os
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # the machine has no network beyond loopback
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls
# (fixtures, assertions) are still plain synchronous code. Set before any DB fixture runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : scripts/test l'installe avec apt.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    close_context(context)


def close_context(context):
    """Leave every page before the test database is emptied. An admin edit page releases
    its editing session on unload (Wagtail sends a beacon that deletes the row): on the
    shared in-memory SQLite database, that delete running while the test's flush does
    fails the flush ("database table is locked"). Wait for the release to be done; a look
    that meets the delete itself finds the table locked, and looks again."""
    from django.db import OperationalError
    from wagtail.admin.models import EditingSession

    for page in context.pages:
        page.goto("about:blank")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            if not EditingSession.objects.exists():
                break
        except OperationalError:  # the release is being written right now
            pass
        time.sleep(0.05)
    context.close()


def focused_text(page):
    return page.evaluate("document.activeElement && document.activeElement.textContent.trim()")


def tab_to(page, text, limit=60):
    """Press Tab until the focused element reads `text`; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_text(page) == text:
            return
    pytest.fail(f"« {text} » n'est pas atteignable au clavier")


def assert_no_axe_violation(page):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
