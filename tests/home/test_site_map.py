"""Every URL of the site map answers, and the menu and footer come from the tree and settings."""

import pytest
from wagtail.models import Site

from home.models import ContactSettings, Supporter
from tests.conftest import SITE_MAP_URLS, page_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", SITE_MAP_URLS)
def test_site_map_url_answers_200(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url


def test_menu_has_the_centres_sections_and_sub_pages(client):
    html = client.get("/").content.decode()
    nav = html[html.index('aria-label="Menu principal"') : html.index("</nav>")]
    positions = [
        nav.index(label)
        for label in [
            ">Accueil<",
            ">Présentation<",
            ">Actions/Services<",
            ">Thématiques<",
            ">Ressources<",
            ">Campagne Discrimination<",
            ">Contact<",
            ">Ukraine<",
        ]
    ]
    assert positions == sorted(positions)
    for url in [
        "/thematiques/volontariat/",
        "/contact/bureaux-d-accueil/",
        "/presentation/mandats/",
    ]:
        assert f'href="{url}"' in nav
    assert 'aria-controls="sous-menu-thematiques"' in nav
    assert 'aria-current="page"' in nav  # the home link, on the home page


def test_page_hidden_from_menus_leaves_the_menu(client):
    page = page_at("/ukraine/")
    page.show_in_menus = False
    page.save_revision().publish()
    nav_html = client.get("/").content.decode().split('aria-label="Menu principal"')[1]
    assert 'href="/ukraine/"' not in nav_html.split("</nav>")[0]


def test_current_section_is_marked(client):
    html = client.get("/thematiques/sante/").content.decode()
    assert "menu__item--active" in html
    assert '<a href="/thematiques/sante/" aria-current="page">Santé</a>' in html


def test_footer_comes_from_site_settings(client):
    settings = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    html = client.get("/ukraine/").content.decode()
    assert "rue Docteur Haibe 2" in html
    assert 'href="mailto:info@cainamur.be"' in html
    assert 'href="tel:+3281737176"' in html
    assert "Avec le soutien de" not in html  # no supporter entered yet

    settings.email = "accueil@example.org"
    settings.save()
    Supporter.objects.create(settings=settings, name="Soutien de test", url="https://example.org")
    html = client.get("/ukraine/").content.decode()
    assert 'href="mailto:accueil@example.org"' in html
    assert "Avec le soutien de" in html
    assert "Soutien de test" in html
