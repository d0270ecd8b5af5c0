"""The Content-Security-Policy breaks nothing: public pages, the admin editor and its preview.

Chromium reports a blocked script, style, image or frame twice: as a console error and as a
`securitypolicyviolation` event. The event is turned into a console message in every frame
(the preview is a frame of the editor), so one console listener collects both.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import page_at
from tests.portal.test_security_headers import VIDEO_PAGE, add_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Added to every frame before its own scripts run; Playwright's init scripts bypass the CSP.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
    ` in ${event.documentURI} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`
  );
});
"""
# The search page comes last: the test then types in it to exercise its suggestions script.
PUBLIC_PAGES = ["/", "/contact/general/", "/ppli/plan-2017-2020/", VIDEO_PAGE, "/recherche/?q=ppli"]
PASSWORD = "mot-de-passe-des-tests"


def is_csp_report(message):
    """Is this console message a CSP violation (ours or Chromium's own report)?"""
    text = message.text
    return text.startswith("CSP violation:") or "Content Security Policy" in text


@pytest.fixture
def violations(page):
    """The CSP violations reported by any frame of `page` since the test started."""
    found = []
    page.context.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console", lambda message: found.append(message.text) if is_csp_report(message) else None
    )
    return found


def test_public_pages_report_no_violation(live_server, live_content, page, violations):
    """Visitors' pages, a video and the search suggestions run without a violation."""
    add_video()
    for url in PUBLIC_PAGES:
        response = page.goto(f"{live_server.url}{url}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        if url == VIDEO_PAGE:
            # The video frame is allowed, and main.css (not a style= attribute) sizes it.
            box = page.locator(".block-embed iframe").bounding_box()
            assert box["width"] > 300
            assert abs(box["height"] - box["width"] * 9 / 16) < 2
    # The search page's script still suggests titles (a fetch to our own origin).
    words = page.get_by_label("Mots recherchés")
    words.fill("")
    words.press_sequentially("Répert", delay=50)
    page.wait_for_function(
        "() => document.querySelectorAll('#search-suggestions option').length > 0"
    )
    assert violations == [], "\n".join(violations)


def log_in(page, base_url):
    """Log in to the Wagtail admin as a fresh superuser."""
    get_user_model().objects.create_superuser("csp-admin", "csp@example.org", PASSWORD)
    page.goto(f"{base_url}/admin/login/")
    page.locator("#id_username").fill("csp-admin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_admin_editor_and_preview_report_no_violation(live_server, live_content, page, violations):
    """Log in, edit a form page, open a chooser and the preview: no violation."""
    preview_policies = []
    page.on(
        "response",
        lambda response: (
            preview_policies.append(response.headers["content-security-policy"])
            if "/edit/preview/" in response.url and response.request.method == "GET"
            else None
        ),
    )
    log_in(page, live_server.url)
    form_page = page_at("/contact/general/")
    page.goto(f"{live_server.url}/admin/pages/{form_page.pk}/edit/")

    # The editor works: the rich text editor is up, the title is editable, and the inline
    # panel (started by an inline script) adds a form field.
    page.locator(".Draftail-Editor [contenteditable=true]").first.wait_for()
    title = page.locator("#id_title")
    title.fill("Nous écrire (aperçu)")
    assert title.input_value() == "Nous écrire (aperçu)"
    total = page.locator("#id_form_fields-TOTAL_FORMS")
    count = int(total.input_value())
    page.locator("#id_form_fields-ADD").click()
    assert int(total.input_value()) == count + 1
    page.locator(f"#id_form_fields-{count}-label").fill("Votre commune")
    page.locator(f"#id_form_fields-{count}-field_type").select_option("singleline")

    # A chooser (started by an inline script) opens its modal, whose HTML jQuery inserts.
    page.locator("#tab-label-promotion").click()
    page.locator("#id_social_image-chooser .unchosen [data-chooser-action-choose]").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("heading", name="Choisir une image").wait_for()
    modal.locator("button.close").click()
    modal.wait_for(state="hidden")

    # The preview panel shows the edited page, under the public policy.
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.locator("h1", has_text="Nous écrire (aperçu)").wait_for()
    preview.get_by_label("Votre commune").wait_for()
    page.wait_for_load_state("networkidle")
    assert preview_policies
    assert all("'unsafe-inline'" not in policy for policy in preview_policies)

    # Logged in, a public page carries Wagtail's userbar, under the public policy too.
    page.goto(f"{live_server.url}/contact/general/")
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    assert violations == [], "\n".join(violations)
