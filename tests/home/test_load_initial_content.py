"""load_initial_content builds the whole tree from the seeds and is idempotent."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.content_loader import PLACEHOLDER_MARK
from home.models import ContactSettings, HomePage
from tests.conftest import SITE_MAP_URLS, page_at

pytestmark = pytest.mark.django_db

PAGE_URLS = [url for url in SITE_MAP_URLS if url.endswith("/") and "api" not in url][:-1]


def run_command():
    out = io.StringIO()
    call_command("load_initial_content", stdout=out)
    return out.getvalue()


def test_every_page_of_the_site_map_exists():
    for url in PAGE_URLS:
        if url in ("/admin/",):
            continue
        assert page_at(url).live, url


def test_home_page_replaced_the_welcome_page():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "Centre d'action interculturelle de la province de Namur"
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists()
    assert site.root_page.specific.highlighted_section.url_path.endswith("/thematiques/")


def test_rerunning_creates_no_page_and_no_revision():
    pages, revisions = Page.objects.count(), Revision.objects.count()
    output = run_command()
    assert "0 page(s) créée(s)" in output
    assert Page.objects.count() == pages
    assert Revision.objects.count() == revisions


def test_rerunning_never_overwrites_staff_edits():
    page = page_at("/presentation/qui-sommes-nous/")
    page.title = "Qui sommes-nous ? (modifié)"
    page.intro = "Texte rédigé par l'équipe."
    page.save_revision().publish()
    settings = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+32 81 00 00 00"
    settings.save()

    run_command()

    page = page_at("/presentation/qui-sommes-nous/")
    assert page.title == "Qui sommes-nous ? (modifié)"
    assert page.intro == "Texte rédigé par l'équipe."
    assert ContactSettings.objects.get().phone == "+32 81 00 00 00"


def test_deleted_page_comes_back_but_nothing_else_changes():
    page_at("/ukraine/").delete()
    count = Page.objects.count()
    output = run_command()
    assert "1 page(s) créée(s)" in output
    assert Page.objects.count() == count + 1
    assert page_at("/ukraine/").live


def test_missing_texts_are_marked_for_staff(client):
    html = client.get("/thematiques/asile/").content.decode()
    assert PLACEHOLDER_MARK.replace("'", "&#x27;") in html or PLACEHOLDER_MARK in html
    # Pages whose text comes from the seeds carry no placeholder.
    assert PLACEHOLDER_MARK not in str(page_at("/ppli/historique/").body.raw_data)


def test_contact_settings_come_from_the_seeds():
    settings = ContactSettings.objects.get()
    assert settings.street_address == "rue Docteur Haibe 2"
    assert settings.postal_code == "5002"
    assert settings.email == "info@cainamur.be"
    assert settings.phone_uri == "tel:+3281737176"


def test_menu_pages_follow_the_centres_menu():
    home = page_at("/")
    titles = [page.title for page in home.get_children().in_menu()]
    assert titles == [
        "Présentation",
        "Actions/Services",
        "Thématiques",
        "Ressources",
        "Campagne Discrimination",
        "Contact",
        "Ukraine",
    ]
