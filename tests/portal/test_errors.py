"""Custom French error pages."""

import pytest
from django.test import Client
from django.urls import path


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("casse/", broken_view)]
handler500 = "portal.views.server_error"


@pytest.mark.django_db
def test_404_is_french_and_offers_a_way_out(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Page introuvable</h1>" in html
    assert 'href="/recherche/"' in html
    assert 'aria-label="Menu principal"' in html  # the visitor keeps the site's navigation


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.test_errors")
def test_500_is_french_and_standalone():
    client = Client(raise_request_exception=False)
    response = client.get("/casse/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<title>Erreur du serveur | C.A.I. Namur</title>" in html
    assert "Le site rencontre un problème" in html


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.test_errors")
def test_500_promises_only_what_is_configured(settings, mailoutbox):
    client = Client(raise_request_exception=False)
    settings.ADMINS = []
    html = client.get("/casse/").content.decode()
    assert "informée" not in html and not mailoutbox
    settings.ADMINS = [("Support", "support@example.org")]
    html = client.get("/casse/").content.decode()
    assert "Notre équipe en a été informée." in html
    assert [message.to for message in mailoutbox] == [["support@example.org"]]
    assert "boom" in mailoutbox[0].body
