"""The agenda in a real browser: /agenda/, an event, the registration form (also in its error
state), its answer and a registration's own page have no axe violation and never scroll
sideways at 320, 390 and 1280 px; a person registers with the keyboard only."""

import pytest

from agenda.follow import link_token
from agenda.models import AgendaPage, EventPage, Registration
from testing.synthetic import add_events
from tests.browser.conftest import assert_no_axe_violation
from tests.browser.test_signup import assert_error_summary_is_focused_and_visible, tab_to_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 1280)
SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


def tab_to_link(page, text, limit=80):
    """Press Tab until the focused element's text starts with `text` (links included)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()").startswith(text):
            return
    pytest.fail(f"« {text} » n'est pas atteignable au clavier")


def event_with_sessions():
    """A synthetic upcoming event with two sessions open for registration."""
    add_events(4)
    return EventPage.objects.live().get(slug="evenement-synthetique-2")


def test_the_agenda_pages_are_accessible_at_every_width(live_server, live_content, browser):
    event = event_with_sessions()
    session = event.sessions.order_by("date").first()
    registration_form = event.registration_url(session)
    failures = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-BE")
        page = context.new_page()
        for url in ("/agenda/", "/agenda/?passes=1", event.url, registration_form):
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert not page.evaluate(SIDEWAYS), f"{url} défile de côté à {width} px"
            try:
                assert_no_axe_violation(page)
            except AssertionError as error:
                failures[f"{url} @ {width}px"] = str(error)
        # The form sent empty, with its errors.
        page.goto(f"{live_server.url}{registration_form}")
        page.get_by_role("button", name="M’inscrire").click()
        page.wait_for_selector(".error-summary")
        assert not page.evaluate(SIDEWAYS)
        try:
            assert_no_axe_violation(page)
        except AssertionError as error:
            failures[f"{registration_form} (erreurs) @ {width}px"] = str(error)
        context.close()
    assert failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())


def test_keyboard_only_registration_then_its_own_page(live_server, live_content, page, settings):
    settings.AGENDA_REGISTRATION_RATE_LIMIT = (1000, 600)
    event = event_with_sessions()
    page.goto(f"{live_server.url}{event.url}")
    # The first session's « S'inscrire » link, reached with Tab.
    tab_to_link(page, "S’inscrire")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Inscription')")

    # Sent empty: the error summary takes the focus.
    tab_to_label(page, "M’inscrire")
    page.keyboard.press("Enter")
    assert_error_summary_is_focused_and_visible(page)

    tab_to_label(page, "Nom et prénom")
    page.keyboard.type("Awa Diallo")
    tab_to_label(page, "Adresse e-mail")
    page.keyboard.type("awa@example.org")
    tab_to_label(page, "Interprète")
    page.keyboard.type("peul")
    tab_to_label(page, "Une garde pour mes enfants")
    page.keyboard.press("Space")
    tab_to_label(page, "J'accepte")
    page.keyboard.press("Space")
    tab_to_label(page, "M’inscrire")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Votre inscription est confirmée')")
    assert_no_axe_violation(page)
    registration = Registration.objects.get()
    assert (registration.name, registration.email) == ("Awa Diallo", "awa@example.org")
    assert (registration.interpreter_language, registration.childcare) == ("peul", True)

    # Its own page, from the e-mailed link: cancelled in two steps, with the keyboard.
    agenda = AgendaPage.objects.get()
    follow = agenda.url + agenda.reverse_subpage("registration", args=[link_token(registration)])
    page.goto(f"{live_server.url}{follow}")
    assert_no_axe_violation(page)
    tab_to_link(page, "Annuler mon inscription")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Confirmez-vous l’annulation ?")
    assert_no_axe_violation(page)
    tab_to_label(page, "Confirmer l’annulation")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Votre inscription est")
    registration.refresh_from_db()
    assert registration.status == "cancelled"
