"""The network's pages in a real browser: the findings list (with its charts), the three forms
(a finding, the consultation, an expertise request, also in their error state), the follow-up
link's page and a person's own page have no axe violation and never scroll sideways at 320,
390 and 1280 px; a person sends an expertise request with the keyboard only, its error summary
taking the focus first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network import channels
from network.models import (
    Commune,
    Consultation,
    ConsultationAnswer,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    FollowUpPage,
)
from tests.browser.conftest import assert_no_axe_violation
from tests.browser.test_signup import assert_error_summary_is_focused_and_visible, tab_to_label
from tests.conftest import page_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 1280)
SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
FINDINGS = "/ppli/constats-de-terrain/"
FINDING_FORM = FINDINGS + "remonter/"
CONSULTATION = "/ppli/reactualisation/"
EXPERTISE = "/ppli/demande-d-expertise/"
FOLLOW_UP = "/ppli/mes-demandes/"
# Each form, the label of its button.
FORMS = {
    FINDING_FORM: "Envoyer mon constat",
    CONSULTATION: "Envoyer mes réponses",
    EXPERTISE: "Envoyer ma demande",
    FOLLOW_UP: "Recevoir mon lien",
}


def publish_findings():
    """Three published findings, with thematics, communes and a long title, and one of
    them about the whole province."""
    thematics = [page_at("/thematiques/logement/"), page_at("/thematiques/interculturalite/")]
    communes = list(Commune.objects.filter(name__in=["Jemeppe-sur-Sambre", "Namur", "Éghezée"]))
    for n in range(3):
        finding = channels.create_finding(
            organisation="Maison médicale",
            contact_name="Awa Diallo",
            email="awa@example.org",
            phone="",
            communes=communes[n:],
            thematics=thematics[: n + 1],
            province_wide=n == 2,
            description="Constat de terrain.",
        )
        finding.status = FindingStatus.KEPT
        finding.public_title = (
            "Les familles primo-arrivantes peinent à trouver un logement décent "
            f"à un loyer abordable ({n + 1})"
        )
        finding.public_summary = "Plusieurs services le constatent depuis l'été."
        finding.save()
        channels.publish_finding(finding)


def open_consultation():
    """Open the initial consultation since yesterday, for ten days."""
    consultation = Consultation.objects.get()
    consultation.opens_on = timezone.localdate() - timedelta(days=1)
    consultation.closes_on = timezone.localdate() + timedelta(days=10)
    consultation.save()


def follow_up_path():
    """A person's own page: their link, for the findings published above."""
    link = channels.send_follow_up_link("awa@example.org")
    page = FollowUpPage.objects.get()
    return page.url + page.reverse_subpage("follow", args=[channels.follow_up_token(link)])


def check(page, url, failures, label):
    """No sideways scroll and no axe violation on the page as it is now."""
    if page.evaluate(SIDEWAYS):
        failures[f"{label} (défile de côté)"] = url
    try:
        assert_no_axe_violation(page)
    except AssertionError as error:
        failures[label] = str(error)


def test_the_network_pages_are_accessible_at_every_width(
    live_server, live_content, browser, settings
):
    settings.NETWORK_FORM_RATE_LIMIT = (1000, 600)
    settings.NETWORK_LINK_RATE_LIMIT = (1000, 600)
    publish_findings()
    open_consultation()
    own_page = follow_up_path()
    # The person's page asking to confirm a withdrawal.
    withdrawal = f"{own_page}?retirer=constat-{FieldFinding.objects.order_by('pk').first().pk}"
    failures = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-BE")
        page = context.new_page()
        for url in (FINDINGS, *FORMS, own_page, withdrawal):
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            check(page, url, failures, f"{url} @ {width}px")
        # Each form sent empty, with its errors.
        for url, button in FORMS.items():
            page.goto(f"{live_server.url}{url}")
            page.get_by_role("button", name=button).click()
            page.wait_for_selector(".error-summary")
            check(page, url, failures, f"{url} (erreurs) @ {width}px")
        context.close()
    assert failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())


def test_the_findings_charts_are_drawn_without_script(live_server, live_content, browser):
    publish_findings()
    context = browser.new_context(java_script_enabled=False, locale="fr-BE")
    page = context.new_page()
    page.goto(f"{live_server.url}{FINDINGS}")
    bars = page.locator(".bar-chart__fill")
    assert bars.count() == 2 + 4  # two thematics; Jemeppe, Namur, Éghezée, the province
    assert bars.first.bounding_box()["width"] > 0
    assert page.locator("table.visually-hidden caption").count() == 2
    context.close()


def test_keyboard_only_expertise_request(live_server, live_content, page, settings):
    settings.NETWORK_FORM_RATE_LIMIT = (1000, 600)
    page.goto(f"{live_server.url}{EXPERTISE}")

    # Sent empty: the error summary takes the focus.
    tab_to_label(page, "Envoyer ma demande")
    page.keyboard.press("Enter")
    assert_error_summary_is_focused_and_visible(page)
    assert "Indiquez votre nom." in page.locator(".error-summary").inner_text()
    assert_no_axe_violation(page)

    tab_to_label(page, "Nom et prénom")
    page.keyboard.type("Awa Diallo")
    tab_to_label(page, "Adresse e-mail")
    page.keyboard.type("awa@example.org")
    tab_to_label(page, "Le contexte")
    page.keyboard.type("Des familles arrivent sans solution d’hébergement.")
    tab_to_label(page, "Votre question au réseau")
    page.keyboard.type("Quels relais existent dans la province ?")
    tab_to_label(page, "Pas d’urgence particulière")
    page.keyboard.press("ArrowDown")  # « Dans le mois »
    tab_to_label(page, "J’accepte")
    page.keyboard.press("Space")
    tab_to_label(page, "Envoyer ma demande")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Votre demande d’expertise est bien reçue')")
    assert_no_axe_violation(page)
    request = ExpertiseRequest.objects.get()
    assert (request.name, request.email, request.urgency) == (
        "Awa Diallo",
        "awa@example.org",
        "mois",
    )


def test_the_consultation_s_results_are_accessible(live_server, live_content, browser):
    consultation = Consultation.objects.get()
    consultation.opens_on = timezone.localdate() - timedelta(days=20)
    consultation.closes_on = timezone.localdate() + timedelta(days=1)
    consultation.save()
    items = list(consultation.items.order_by("position"))
    for n, verdict in enumerate(["actuel", "nuancer", "actuel"]):
        submission = channels.submit_answers(
            consultation, f"p{n}@example.org", [(item, verdict, "Vrai à Namur.") for item in items]
        )
        channels.confirm(channels.confirmation_token(submission))
    ConsultationAnswer.objects.update(comment_status="publie")
    consultation.closes_on = timezone.localdate() - timedelta(days=1)
    consultation.save()
    failures = {}
    for width in (320, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-BE")
        page = context.new_page()
        response = page.goto(f"{live_server.url}{CONSULTATION}")
        assert response.status == 200
        assert page.locator(".consultation-result").count() == len(items)
        check(page, CONSULTATION, failures, f"{CONSULTATION} (résultats) @ {width}px")
        context.close()
    assert failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
