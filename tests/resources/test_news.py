"""Sector news: index listing, news page, RSS/Atom feeds, home and thematic sections."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from core.typography import french_typography
from resources.models import NewsIndexPage, NewsPage
from testing.factories import NewsPageFactory
from testing.queries import assert_queries, cold_get
from tests.conftest import page_at
from tests.home.test_pages import HOME_QUERIES
from tests.thematiques.test_pages import THEMATIC_QUERIES
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

INDEX = "/ressources/actus-du-secteur/"
RSS = INDEX + "rss.xml"
ATOM = INDEX + "atom.xml"
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}

# With news carrying images and thematics: their renditions and thematics come in fixed queries.
INDEX_QUERIES = 29
NEWS_PAGE_QUERIES = 28  # with an image and two thematics
# The sections' "all news" link comes from the news items' URL: no query for it.
HOME_QUERIES_WITH_NEWS = HOME_QUERIES
THEMATIC_QUERIES_WITH_NEWS = THEMATIC_QUERIES


@pytest.fixture
def news_index():
    return page_at(INDEX)


@pytest.fixture
def logement():
    return ThematicPage.objects.get(slug="logement")


@pytest.fixture
def sante():
    return ThematicPage.objects.get(slug="sante")


@pytest.fixture
def news(news_index, logement, sante):
    """Four news items; two share a date, so the title breaks the tie."""
    return {
        "old": NewsPageFactory(
            parent=news_index, title="Appel à projets 2023", date=datetime.date(2023, 1, 10)
        ),
        "logement": NewsPageFactory(
            parent=news_index,
            title="Nouveau guide du logement",
            date=datetime.date(2024, 5, 2),
            thematics=[logement],
        ),
        "sante_b": NewsPageFactory(
            parent=news_index,
            title="Brochure santé mentale",
            date=datetime.date(2024, 6, 1),
            thematics=[sante],
        ),
        "sante_a": NewsPageFactory(
            parent=news_index,
            title="Atelier santé et exil",
            date=datetime.date(2024, 6, 1),
            thematics=[sante, logement],
        ),
    }


def titles(response):
    return [page.title for page in response.context["news_results"]]


def img_tag(html, css_class):
    """The first <img> of that class."""
    return re.search(rf'<img [^>]*class="{css_class}"[^>]*>', html).group(0)


def add_illustrated_news(news_index, count):
    """News items, each with its own image and two thematics."""
    thematics = list(ThematicPage.objects.filter(slug__in=["logement", "sante"]))
    for n in range(count):
        image = Image.objects.create(title=f"Illustration {n}", file=get_test_image_file())
        NewsPageFactory(parent=news_index, image=image, thematics=thematics)


# The index


def test_empty_index_shows_no_empty_list(client, news_index):
    html = client.get(INDEX).content.decode()
    main = html.split("<main")[1]
    assert "Aucune actualité" not in main.replace("&#x27;", "'")
    assert 'id="filtres-actualites"' not in html  # nothing to filter yet


def links_to_index(html):
    return f'href="{INDEX}"' in html


def test_the_empty_index_is_hidden_until_a_news_item_is_published(client, news_index):
    assert not news_index.has_public_content()
    # Neither the menu (on every page), nor the home page, nor the Ressources section's list.
    for url in ("/", "/ressources/", "/contact/"):
        assert not links_to_index(client.get(url).content.decode()), url

    item = NewsPageFactory(parent=news_index, title="Première actualité")
    assert news_index.has_public_content()
    home = client.get("/").content.decode()
    assert links_to_index(home.split('id="menu-principal"')[1].split("</nav>")[0])
    assert links_to_index(client.get("/ressources/").content.decode())

    item.unpublish()  # empty again: hidden again
    assert not links_to_index(client.get("/").content.decode())


def test_index_lists_news_newest_first(client, news):
    response = client.get(INDEX)
    assert titles(response) == [
        "Atelier santé et exil",
        "Brochure santé mentale",
        "Nouveau guide du logement",
        "Appel à projets 2023",
    ]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<time datetime="2024-05-02">2 mai 2024</time>' in html
    assert 'href="/ressources/actus-du-secteur/nouveau-guide-du-logement/"' in html
    assert 'href="/thematiques/logement/"' in html  # a tag


def test_index_filters_by_thematic(client, news):
    response = client.get(INDEX, {"thematique": "logement"})
    assert titles(response) == ["Atelier santé et exil", "Nouveau guide du logement"]
    assert (
        french_typography("2 actualités pour la thématique « Logement »")
        in response.content.decode()
    )


def test_the_thematic_filter_offers_only_thematics_of_the_news(client, news):
    response = client.get(INDEX)
    choices = response.context["news_form"].fields["thematique"].choices
    assert [value for value, _label in choices] == ["", "logement", "sante"]
    # A thematic no news item carries is no filter value: named and ignored.
    response = client.get(INDEX, {"thematique": "volontariat"})
    assert len(titles(response)) == 4
    assert (
        french_typography("Filtre non reconnu, ignoré : Thématique.") in response.content.decode()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"thematique": "inconnue"},
        {"thematique": "<script>"},
        {"thematique": "x" * 3000},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "2", "thematique": "<script>"},
    ],
)
def test_bad_values_never_error(client, news, params):
    response = client.get(INDEX, params)
    assert response.status_code == 200
    assert len(titles(response)) == 4
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_unknown_thematic_is_reported_and_ignored(client, news):
    response = client.get(INDEX, {"thematique": "inconnue"})
    assert len(titles(response)) == 4
    assert (
        french_typography("Filtre non reconnu, ignoré : Thématique.") in response.content.decode()
    )


def test_pagination(client, news_index):
    for n in range(25):
        NewsPageFactory(parent=news_index, title=f"Actualité {n:02}")
    first = client.get(INDEX)
    assert len(first.context["news_results"]) == 10
    assert 'href="?page=2"' in first.content.decode()
    third = client.get(INDEX, {"page": "3"})
    assert titles(third) == [f"Actualité {n:02}" for n in range(20, 25)]
    assert 'href="?page=2"' in third.content.decode()  # previous page


def test_pagination_keeps_the_thematic_filter(client, news_index, logement):
    for _ in range(15):
        NewsPageFactory(parent=news_index, thematics=[logement])
    NewsPageFactory(parent=news_index)  # untagged: not in the filtered pages
    first = client.get(INDEX, {"thematique": "logement", "unrelated": "x"})
    assert len(first.context["news_results"]) == 10
    assert 'href="?thematique=logement&amp;page=2"' in first.content.decode()
    second = client.get(INDEX, {"thematique": "logement", "page": "2"})
    assert len(second.context["news_results"]) == 5
    assert 'href="?thematique=logement&amp;page=1"' in second.content.decode()


def test_index_query_count_does_not_grow_with_the_news(client, news_index):
    add_illustrated_news(news_index, 2)
    client.get(INDEX)  # the thumbnails are generated once
    response = assert_queries(client, INDEX, INDEX_QUERIES)
    assert response.content.decode().count('class="card__image"') == 2
    add_illustrated_news(news_index, 15)
    client.get(INDEX)
    client.get(INDEX + "?page=2")
    response = assert_queries(client, INDEX, INDEX_QUERIES)
    assert response.content.decode().count('class="card__image"') == 10
    assert_queries(client, INDEX + "?page=2", INDEX_QUERIES)
    assert_queries(client, INDEX + "?thematique=sante&page=2", INDEX_QUERIES)


def test_thumbnails_are_decorative(client, news_index):
    add_illustrated_news(news_index, 1)
    html = client.get(INDEX).content.decode()
    image = img_tag(html, "card__image")
    assert 'alt=""' in image
    assert 'width="320"' in image and 'height="180"' in image


# The news page


def test_news_page(client, news_index, logement, sante):
    image = Image.objects.create(
        title="Atelier",
        description="Des participantes autour d'une table.",
        file=get_test_image_file(),
    )
    item = NewsPageFactory(
        parent=news_index,
        title="Atelier logement",
        intro="Un atelier sur le logement.",
        date=datetime.date(2024, 9, 3),
        image=image,
        thematics=[logement, sante],
        body=[("paragraph", "<p>Rendez-vous à Namur.</p>")],
    )
    client.get(item.url)  # the rendition is generated once
    html = assert_queries(client, item.url, NEWS_PAGE_QUERIES).content.decode()
    assert "<h1>Atelier logement</h1>" in html
    assert '<time datetime="2024-09-03">3 septembre 2024</time>' in html
    assert "Un atelier sur le logement." in html
    assert "Rendez-vous à Namur." in html
    img = img_tag(html, "page-image")
    assert 'alt="Des participantes autour d&#x27;une table."' in img
    assert 'width="' in img and 'height="' in img
    assert 'href="/thematiques/logement/"' in html
    assert 'href="/thematiques/sante/"' in html
    assert f'href="{INDEX}">Toutes les actualités du secteur</a>' in html


def test_news_page_hides_unpublished_thematics(client, news_index, logement, sante):
    sante.unpublish()
    item = NewsPageFactory(parent=news_index, thematics=[logement, sante])
    html = client.get(item.url).content.decode()
    assert 'href="/thematiques/logement/"' in html
    assert 'href="/thematiques/sante/"' not in html


def test_date_defaults_to_today():
    assert NewsPage().date == timezone.localdate()


def test_placement(news_index):
    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsIndexPage.allowed_subpage_models() == [NewsPage]
    assert NewsPage.allowed_subpage_models() == []
    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(page_at("/ressources/"))
    assert not NewsPage.can_create_at(page_at("/ressources/outils-et-publications/"))


def test_initial_content_has_no_news():
    assert not NewsPage.objects.exists()


# Feeds


def test_rss_feed(client, news):
    response = client.get(RSS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Actus du secteur | C.A.I. Namur"
    assert channel.findtext("link") == "http://testserver" + INDEX
    assert channel.findtext("language") == "fr-be"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Atelier santé et exil",
        "Brochure santé mentale",
        "Nouveau guide du logement",
        "Appel à projets 2023",
    ]
    first = items[0]
    assert first.findtext("link") == "http://testserver" + news["sante_a"].url
    assert first.findtext("description") == news["sante_a"].intro
    assert first.findtext("pubDate") == "Sat, 01 Jun 2024 00:00:00 +0200"
    assert sorted(c.text for c in first.findall("category")) == ["Logement", "Santé"]


def test_atom_feed(client, news):
    response = client.get(ATOM)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.findtext("atom:title", namespaces=ATOM_NS) == "Actus du secteur | C.A.I. Namur"
    entries = feed.findall("atom:entry", ATOM_NS)
    assert [entry.findtext("atom:title", namespaces=ATOM_NS) for entry in entries] == [
        "Atelier santé et exil",
        "Brochure santé mentale",
        "Nouveau guide du logement",
        "Appel à projets 2023",
    ]
    links = [entry.find("atom:link", ATOM_NS).get("href") for entry in entries]
    assert links == [
        "http://testserver" + news[key].url for key in ["sante_a", "sante_b", "logement", "old"]
    ]
    assert entries[0].findtext("atom:published", namespaces=ATOM_NS) == "2024-06-01T00:00:00+02:00"
    assert entries[0].findtext("atom:summary", namespaces=ATOM_NS) == news["sante_a"].intro
    for entry in entries:  # required by Atom
        assert entry.findtext("atom:updated", namespaces=ATOM_NS) >= entry.findtext(
            "atom:published", namespaces=ATOM_NS
        )


def test_feeds_carry_the_latest_twenty(client, news_index):
    for n in range(22):
        NewsPageFactory(
            parent=news_index, title=f"Actualité {n:02}", date=datetime.date(2024, 1, n + 1)
        )
    rss = ET.fromstring(client.get(RSS).content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == [f"Actualité {n:02}" for n in range(21, 1, -1)]
    atom = ET.fromstring(client.get(ATOM).content)
    assert len(atom.findall("atom:entry", ATOM_NS)) == 20


@pytest.mark.parametrize("url", [RSS, ATOM])
def test_feed_query_count_does_not_grow_with_the_news(client, news, url):
    _, before = cold_get(client, url)
    add_illustrated_news(page_at(INDEX), 16)
    response, after = cold_get(client, url)
    assert after == before
    assert response.content.decode().count("Actualité de test") == 16


def test_empty_feeds_are_valid(client, news_index):
    assert ET.fromstring(client.get(RSS).content).find("channel").findall("item") == []
    assert ET.fromstring(client.get(ATOM).content).findall("atom:entry", ATOM_NS) == []


def test_feeds_need_a_published_index(client, news_index):
    news_index.unpublish()
    assert client.get(RSS).status_code == 404
    assert client.get(ATOM).status_code == 404


def test_feeds_are_advertised_in_the_head(client):
    head = client.get("/").content.decode().split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Actus du secteur (RSS)" '
        f'href="{RSS}">'
    ) in head
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Actus du secteur (Atom)" '
        f'href="{ATOM}">'
    ) in head


# Home and thematic pages


def test_home_page_has_no_news_section_without_news(client, news_index):
    assert 'id="accueil-actualites"' not in client.get("/").content.decode()


def test_home_page_shows_the_three_latest_news(client, news):
    response = assert_queries(client, "/", HOME_QUERIES_WITH_NEWS)
    section = response.content.decode().split('id="accueil-actualites"')[1].split("</section>")[0]
    for key in ["sante_a", "sante_b", "logement"]:
        assert f'href="{news[key].url}"' in section
    assert "Appel à projets 2023" not in section
    assert f'href="{INDEX}">Toutes les actualités</a>' in section


def test_home_page_query_count_is_flat_with_news(client, news):
    assert_queries(client, "/", HOME_QUERIES_WITH_NEWS)
    add_illustrated_news(page_at(INDEX), 10)
    response = assert_queries(client, "/", HOME_QUERIES_WITH_NEWS)
    section = response.content.decode().split('id="accueil-actualites"')[1].split("</section>")[0]
    assert section.count('class="card"') == 3


def test_thematic_page_shows_only_its_news(client, news):
    response = assert_queries(client, "/thematiques/logement/", THEMATIC_QUERIES_WITH_NEWS)
    section = (
        response.content.decode().split('id="thematique-actualites"')[1].split("</section>")[0]
    )
    assert "Atelier santé et exil" in section
    assert "Nouveau guide du logement" in section
    assert "Brochure santé mentale" not in section
    assert "Appel à projets 2023" not in section
    assert (
        f'href="{INDEX}?thematique=logement">'
        + french_typography("Toutes les actualités « Logement »</a>")
        in section
    )
    assert 'id="thematique-actualites"' not in client.get("/thematiques/asile/").content.decode()


def test_thematic_news_query_count_is_flat(client, news, logement):
    _, before = cold_get(client, "/thematiques/logement/")
    add_illustrated_news(page_at(INDEX), 10)
    response, after = cold_get(client, "/thematiques/logement/")
    assert after == before == THEMATIC_QUERIES_WITH_NEWS
    section = (
        response.content.decode().split('id="thematique-actualites"')[1].split("</section>")[0]
    )
    assert section.count('class="card"') == 3


# Drafts and private news


@pytest.fixture
def hidden_news(news_index, logement):
    """A draft and a news item behind a password, both tagged « Logement »."""
    draft = NewsPageFactory(
        parent=news_index,
        title="Brouillon secret",
        date=datetime.date(2030, 1, 1),
        thematics=[logement],
        live=False,
    )
    private = NewsPageFactory(
        parent=news_index,
        title="Actualité réservée",
        date=datetime.date(2030, 1, 1),
        thematics=[logement],
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return [draft, private]


@pytest.mark.parametrize(
    "url", ["/", INDEX, INDEX + "?thematique=logement", RSS, ATOM, "/thematiques/logement/"]
)
def test_draft_and_private_news_show_nowhere(client, news, hidden_news, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nouveau guide du logement" in html  # the published news is there
    for item in hidden_news:
        assert item.title not in html
        assert item.slug not in html


def test_unpublished_news_leaves_every_list(client, news):
    news["sante_a"].unpublish()
    for url in ["/", INDEX, RSS, ATOM, "/thematiques/logement/"]:
        assert "Atelier santé et exil" not in client.get(url).content.decode(), url


def test_editors_preview_a_new_news_item_with_its_thematics(client, news_index, logement):
    editor = get_user_model().objects.create_superuser("redac", "redac@example.org", "x")
    client.force_login(editor)
    add = f"/admin/pages/add/resources/newspage/{news_index.pk}/"
    assert "Date de l&#x27;actualité" in client.get(add).content.decode()  # French help text
    data = {
        "title": "Essai",
        "slug": "essai",
        "date": "2024-05-01",
        "intro": "Un essai.",
        "thematics": [logement.pk],
        "body-count": "0",
    }
    assert client.post(add + "preview/", data).json()["is_valid"]
    html = client.get(add + "preview/").content.decode()
    assert "<h1>Essai</h1>" in html
    assert 'href="/thematiques/logement/"' in html
