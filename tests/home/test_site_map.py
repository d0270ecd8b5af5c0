"""Every URL of the site map answers, and the menu and footer come from the tree and settings."""

import pytest
from wagtail.models import Site

from home.models import ContactSettings, Supporter
from tests.conftest import DRAFT_URLS, LIVE_SITE_MAP_URLS, page_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", LIVE_SITE_MAP_URLS)
def test_site_map_url_answers_200(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url


@pytest.mark.parametrize("url", DRAFT_URLS)
def test_a_draft_is_never_served(client, url):
    assert client.get(url).status_code == 404


def menu_html(client, url="/"):
    html = client.get(url).content.decode()
    return html[html.index('aria-label="Menu principal"') : html.index("</nav>")]


def test_menu_has_the_centres_sections_and_sub_pages(client):
    nav = menu_html(client)
    labels = [">Accueil<", ">Thématiques<", ">PPLI<", ">Ressources<", ">Contact<"]
    positions = [nav.index(label) for label in labels]
    assert positions == sorted(positions)
    for url in ["/thematiques/sante/", "/ppli/plan-2017-2020/", "/contact/general/"]:
        assert f'href="{url}"' in nav
    # Nothing is tagged Volontariat yet: no entry that leads to an empty page.
    assert 'href="/thematiques/volontariat/"' not in nav
    assert 'aria-controls="sous-menu-thematiques"' in nav
    assert 'aria-current="page"' in nav  # the home link, on the home page
    # Drafts stay out of the menu, and so do sections with nothing published.
    for url in DRAFT_URLS:
        assert f'href="{url}"' not in nav, url
    assert ">Ukraine<" not in nav and ">Campagne Discrimination<" not in nav


def test_a_published_draft_joins_the_menu(client):
    page = page_at("/ukraine/")
    page.save_revision().publish()
    assert ">Ukraine<" in menu_html(client)
    assert 'href="/ukraine/"' in menu_html(client)


def test_page_hidden_from_menus_leaves_the_menu(client):
    page = page_at("/thematiques/logement/")
    page.show_in_menus = False
    page.save_revision().publish()
    assert 'href="/thematiques/logement/"' not in menu_html(client)
    assert 'href="/thematiques/sante/"' in menu_html(client)


def test_an_empty_thematic_joins_the_menu_and_index_once_something_carries_it(client):
    volontariat = page_at("/thematiques/volontariat/")
    assert not volontariat.has_public_content()
    assert 'href="/thematiques/volontariat/"' not in client.get("/thematiques/").content.decode()
    action = page_at("/ppli/plan-2017-2020/logement/objectif-18/action-18-1/")
    action.thematics.add(volontariat)
    action.save_revision().publish()
    assert volontariat.has_public_content()
    assert 'href="/thematiques/volontariat/"' in menu_html(client)
    assert 'href="/thematiques/volontariat/"' in client.get("/thematiques/").content.decode()


def test_current_section_is_marked(client):
    nav = menu_html(client, "/thematiques/sante/")
    assert 'class="menu__item menu__item--parent is-active"' in nav
    assert '<a href="/thematiques/sante/" aria-current="page">Santé</a>' in nav
    assert nav.count("is-active") == 1  # not the home page, which holds every page


def test_footer_comes_from_site_settings(client):
    settings = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    html = client.get("/ppli/").content.decode()
    assert "rue Docteur Haibe 2" in html
    assert 'href="mailto:info@cainamur.be"' in html
    assert 'href="tel:+3281737176"' in html
    assert "Avec le soutien de" not in html  # no supporter entered yet

    settings.email = "accueil@example.org"
    settings.save()
    Supporter.objects.create(settings=settings, name="Soutien de test", url="https://example.org")
    html = client.get("/ppli/").content.decode()
    assert 'href="mailto:accueil@example.org"' in html
    assert "Avec le soutien de" in html
    assert "Soutien de test" in html


def test_footer_links_come_from_the_navigation_settings(client):
    html = client.get("/ppli/").content.decode()
    footer = html[html.index('class="site-footer"') :]
    for url in ["/ppli/", "/contact/general/", "/glossaire/", "/protection-des-donnees/"]:
        assert f'href="{url}"' in footer
    page_at("/glossaire/").unpublish()
    html = client.get("/ppli/").content.decode()
    assert 'href="/glossaire/"' not in html[html.index('class="site-footer"') :]
