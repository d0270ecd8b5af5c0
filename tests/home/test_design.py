"""The design system: one icon sprite, two fonts, one card for every listing, a home page
that orients and hides what it has nothing to show for."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from home import icons
from resources.models import ResourceKind
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db


def static_text(path):
    return Path(finders.find(path)).read_text(encoding="utf-8")


def test_the_sprite_holds_exactly_the_icons_the_site_uses():
    sprite = static_text("img/icons.svg")
    assert sorted(re.findall(r'<symbol id="i-([a-z-]+)"', sprite)) == icons.ALL
    assert set(icons.RESOURCE_KINDS) == set(ResourceKind.values)  # one icon a resource kind


def test_every_thematic_has_its_own_icon():
    chosen = [thematic.icon for thematic in ThematicPage.objects.all()]
    assert len(chosen) == 15 and all(chosen) and len(set(chosen)) == 15
    assert set(chosen) <= set(icons.PICKABLE)


def test_two_self_hosted_font_weights_that_never_block_the_text():
    css = static_text("css/main.css")
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    webfonts = [face for face in faces if "woff2" in face]
    assert len(webfonts) == 2
    assert all("font-display: swap" in face for face in webfonts)
    for face in webfonts:
        assert finders.find("fonts/" + re.search(r"fonts/([^\"]+\.woff2)", face).group(1))


@pytest.mark.parametrize(
    "url",
    [
        "/",  # entry points, thematics, latest resources
        "/contact/",  # child pages
        "/thematiques/",
        "/ppli/",
        "/ppli/groupes-de-travail/",
        "/ppli/partenaires/",
        "/ppli/publics/",
        "/ressources/outils-et-publications/",
        "/recherche/?q=logement",
    ],
)
def test_every_listing_uses_the_card(client, url):
    html = client.get(url).content.decode()
    assert re.search(r'<ul class="cards[^"]*">\s*<li class="card', html) or re.search(
        r'<ol class="cards[^"]*"[^>]*>\s*<li class="card', html
    ), url
    assert 'class="card__link"' in html


def test_home_page_orients_a_newcomer(client):
    html = client.get("/").content.decode()
    hero = html[html.index('class="hero"') : html.index("</div>", html.index('class="hero"'))]
    hero_text = hero.replace("&#x27;", "'").replace("’", "'")
    assert "centre régional d'intégration de la province de Namur" in hero_text
    entries = html[html.index("cards--entries") :].split("</ul>")[0]
    assert entries.count('<li class="card card--entry') == 4
    for url in [
        "/contact/",
        "/ppli/groupes-de-travail/",
        "/ppli/",
        "/ressources/outils-et-publications/",
    ]:
        assert f'href="{url}"' in entries
    tiles = html[html.index("cards--tiles") :].split("</ul>")[0]
    # The fifteen thematics but Volontariat, which nothing carries yet (HiddenWhileEmpty).
    assert tiles.count("card--tile") == 14 and tiles.count("#i-") == 14
    assert 'href="/thematiques/volontariat/"' not in tiles
    assert "Dernières ressources" in html
    # No news in the initial content: the news section is not rendered at all.
    assert "Actus du secteur</h2>" not in html


def test_an_entry_point_to_an_unpublished_page_disappears(client):
    page_at("/ppli/groupes-de-travail/").unpublish()
    html = client.get("/").content.decode()
    entries = html[html.index("cards--entries") :].split("</ul>")[0]
    assert entries.count("card--entry") == 3
    assert 'href="/ppli/groupes-de-travail/"' not in entries


def test_the_logo_slot_shows_the_wordmark_until_staff_upload_a_logo(client, site):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from home.models import ContactSettings

    html = client.get("/").content.decode()
    assert 'class="site-logo__mark"' in html
    settings = ContactSettings.for_site(site)
    settings.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    settings.save()
    html = client.get("/").content.decode()
    assert 'class="site-logo__image"' in html and 'class="site-logo__mark"' not in html
    assert 'alt="Centre d&#x27;action interculturelle de la province de Namur – accueil"' in html
