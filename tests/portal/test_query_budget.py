"""The query budget: every public page within 30 SQL queries with every cache empty (page
cache, menu and footer fragments, content types), and the same count with ten times the
content. scripts/benchmark reports the same counts on PostgreSQL (docs/performance.md)."""

import pytest

from ppli.models import ActionPage
from resources.models import NewsPage, ResourcePage
from tests.synthetic import NEWS_PER_SCALE, add_news, add_resources, grow_plan, synthetic_image
from tests.utils import cold_get

pytestmark = pytest.mark.django_db

BUDGET = 30
PLAN = "/ppli/plan-2017-2020/"

# One address per public page type and per view a visitor reaches.
PUBLIC_PAGES = [
    "/",
    "/contact/",
    "/contact/general/",
    "/glossaire/",
    "/thematiques/",
    "/thematiques/logement/",
    "/ppli/",
    PLAN,
    PLAN + "?thematique=logement&partenaire=discri&etat=en_cours",
    PLAN + "imprimer/",
    PLAN + "logement/",
    PLAN + "logement/objectif-18/",
    PLAN + "logement/objectif-18/action-18-1/",
    "/ppli/groupes-de-travail/",
    "/ppli/groupes-de-travail/gt-logement/",
    "/ppli/groupes-de-travail/confirmation/",
    "/ppli/partenaires/",
    "/ppli/partenaires/discri/",
    "/ppli/publics/",
    "/ppli/publics/cpas/",
    "/ressources/",
    "/ressources/outils-et-publications/",
    "/ressources/outils-et-publications/?type=memorandum&page=1",
    "/ressources/actus-du-secteur/",
    "/ressources/actus-du-secteur/rss.xml",
    "/sitemap.xml",
]
SEARCH = "/recherche/?q=logement"


def query_counts(client):
    """{url: queries with every cache empty} for every public page, plus a resource and a
    news item.

    Each page is visited once before: image renditions, made on an image's first view and
    then stored, are not a cache.
    """
    urls = [
        *PUBLIC_PAGES,
        ResourcePage.objects.live().order_by("path").first().url,
        NewsPage.objects.live().order_by("-date").first().url,
    ]
    counts = {}
    for url in urls:
        client.get(url)
        response, counts[url] = cold_get(client, url)
        assert response.status_code == 200, url
    return counts


def search_count(client):
    client.get(SEARCH)  # the first search of a query records it once
    response, count = cold_get(client, SEARCH)
    assert response.status_code == 200
    return count, len(response.context["described_results"])


def cover_every_resource():
    """Listings with images cost one more query (their renditions, read at once): give the
    initial resources covers so that the first count includes it, as the grown one does."""
    for n, resource in enumerate(ResourcePage.objects.order_by("path")):
        resource.cover_image = synthetic_image(20_000 + n, f"Couverture {resource.title}")
        resource.save_revision().publish()


def over_budget(counts):
    return {url: count for url, count in counts.items() if count > BUDGET}


def test_every_public_page_is_within_the_budget(client):
    add_news(3)
    cover_every_resource()
    assert over_budget(query_counts(client)) == {}
    count, shown = search_count(client)
    assert shown == 10
    assert count <= BUDGET


@pytest.mark.slow
def test_the_budget_holds_with_ten_times_the_content(client):
    add_news(NEWS_PER_SCALE)
    cover_every_resource()
    before = query_counts(client)
    actions, resources = ActionPage.objects.count(), ResourcePage.objects.count()
    grow_plan(times=10)
    add_resources(resources * 9)
    add_news(NEWS_PER_SCALE * 9, start=NEWS_PER_SCALE)
    assert ActionPage.objects.count() == actions * 10
    assert ResourcePage.objects.count() == resources * 10
    assert NewsPage.objects.count() == NEWS_PER_SCALE * 10
    after = query_counts(client)
    assert after == before
    assert over_budget(after) == {}
    count, shown = search_count(client)
    assert shown == 10
    assert count <= BUDGET
