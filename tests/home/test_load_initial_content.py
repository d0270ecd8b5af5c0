"""load_initial_content builds the whole tree from the seeds and is idempotent."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.content_loader import PLACEHOLDER_MARK, ContentLoader
from home.models import ContactSettings, HomePage, NavigationSettings
from tests.conftest import DRAFT_URLS, SITE_MAP_URLS, page_at

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
        assert page_at(url).live == (url not in DRAFT_URLS), url


def test_pages_without_source_text_are_drafts_telling_staff_what_to_write():
    for url in DRAFT_URLS:
        page = page_at(url)
        assert not page.live and page.first_published_at is None, url
        assert page.has_unpublished_changes, url
        # The draft itself says what is missing; section pages with no text of their own
        # have nothing to write, only children to publish.
        if page.get_children().exists():
            continue
        assert PLACEHOLDER_MARK in str(page.specific.body.raw_data), url


def test_a_section_page_is_published_with_its_first_published_child():
    site = Site.objects.get(is_default_site=True)
    specs = [
        {
            "type": "home.ContentPage",
            "slug": "rubrique",
            "title": "Rubrique",
            "hub": True,
            "children": [
                {"type": "home.ContentPage", "slug": "a", "title": "A", "draft": True},
                {"type": "home.ContentPage", "slug": "b", "title": "B"},
            ],
        },
        {
            "type": "home.ContentPage",
            "slug": "vide",
            "title": "Vide",
            "hub": True,
            "children": [{"type": "home.ContentPage", "slug": "c", "title": "C", "draft": True}],
        },
    ]
    ContentLoader(site).load(site.root_page, specs)
    assert page_at("/rubrique/").live and page_at("/rubrique/b/").live
    assert not page_at("/rubrique/a/").live
    assert not page_at("/vide/").live


def test_a_published_page_cannot_carry_a_note_for_staff():
    site = Site.objects.get(is_default_site=True)
    spec = {"type": "home.ContentPage", "slug": "x", "title": "X", "placeholder": "À écrire."}
    with pytest.raises(ValueError, match="draft: true"):
        ContentLoader(site).load(site.root_page, [spec])


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
    page = page_at("/ppli/historique/")
    page.title = "Historique (modifié)"
    page.intro = "Texte rédigé par l'équipe."
    page.save_revision().publish()
    settings = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+32 81 00 00 00"
    settings.save()

    run_command()

    page = page_at("/ppli/historique/")
    assert page.title == "Historique (modifié)"
    assert page.intro == "Texte rédigé par l'équipe."
    assert ContactSettings.objects.get().phone == "+32 81 00 00 00"


def test_deleted_page_comes_back_but_nothing_else_changes():
    page_at("/ukraine/").delete()
    count = Page.objects.count()
    output = run_command()
    assert "1 page(s) créée(s)" in output
    assert Page.objects.count() == count + 1
    assert not page_at("/ukraine/").live  # back as the draft it was


def test_live_pages_carry_no_note_for_staff():
    for page in Page.objects.live().specific():
        body = getattr(page, "body", None)
        fields = [page.title, getattr(page, "intro", ""), str(getattr(body, "raw_data", ""))]
        assert not any(PLACEHOLDER_MARK in text for text in fields), page.url_path


def test_contact_settings_come_from_the_seeds():
    settings = ContactSettings.objects.get()
    assert settings.street_address == "rue Docteur Haibe 2"
    assert settings.postal_code == "5002"
    assert settings.email == "info@cainamur.be"
    assert settings.phone_uri == "tel:+3281737176"


def test_menu_follows_the_centres_menu_with_the_ppli():
    settings = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    assert [item.text for item in settings.menu_items.all()] == [
        "Accueil",
        "Présentation",
        "Actions/Services",
        "Thématiques",
        "PPLI",
        "Ressources",
        "Campagne Discrimination",
        "Contact",
        "Ukraine",
    ]
    assert [link.page.url_path for link in settings.footer_links.all()][-2:] == [
        "/accueil/glossaire/",
        "/accueil/protection-des-donnees/",
    ]


def test_home_page_has_four_entry_points_to_live_pages():
    home = page_at("/")
    entries = list(home.entry_points.all())
    assert [entry.title for entry in entries] == [
        "Je viens d'arriver",
        "Je suis un·e professionnel·le ou un partenaire",
        "Le PPLI",
        "Ressources",
    ]
    assert all(entry.page.live for entry in entries)


def test_the_roots_editors_read_have_french_names():
    """Wagtail names the page tree's root and the files' root collection "Root"; editors read
    them in breadcrumbs, the page chooser and the collection menus."""
    from django.core.management import call_command
    from wagtail.models import Collection, Page

    from home.content_loader import ROOT_COLLECTION_NAME, ROOT_PAGE_TITLE

    root, collection = Page.get_first_root_node(), Collection.get_first_root_node()
    assert (root.title, root.draft_title, collection.name) == (
        ROOT_PAGE_TITLE,
        ROOT_PAGE_TITLE,
        ROOT_COLLECTION_NAME,
    )
    # A database made before (Wagtail's names) is renamed by the next load.
    Page.objects.filter(pk=root.pk).update(title="Root", draft_title="Root")
    Collection.objects.filter(pk=collection.pk).update(name="Root")
    call_command("load_initial_content", stdout=io.StringIO())
    assert Page.get_first_root_node().title == ROOT_PAGE_TITLE
    assert Collection.get_first_root_node().name == ROOT_COLLECTION_NAME
