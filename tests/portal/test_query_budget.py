"""The query counts of every public page, pinned, with every cache empty (page cache, menu and
footer fragments, content types), and the same with ten times the content. scripts/benchmark
reports the same counts on PostgreSQL (docs/performance.md).

Pages are routed, restricted and served by Wagtail itself (docs/architecture.md): its routing
costs two queries per level of the address and one per page type while Django's content-type
cache is cold, and each `.public()` reads the view restrictions. The deep pages of the plan
are above the former target of 30 cold queries; what must hold is that no count grows with
the content, and that a change of a page's count is a deliberate edit of PINNED.
"""

import pytest

from agenda.models import EventPage
from ppli.models import ActionPage
from resources.models import NewsPage, ResourcePage
from testing.queries import cold_get, specific_queries
from testing.synthetic import (
    EVENTS_PER_SCALE,
    NEWS_PER_SCALE,
    add_events,
    add_news,
    add_resources,
    grow_plan,
    synthetic_image,
)

pytestmark = pytest.mark.django_db

PLAN = "/ppli/plan-2017-2020/"
AGENDA = "/agenda/"
# The initial content's event (a past one), and a synthetic upcoming event with sessions.
EVENT = "/agenda/comment-construire-ensemble-une-societe-de-droits-pour-tous/"

# Cold queries of one address per public page type and per view a visitor reaches.
PINNED = {
    "/": 25,
    # Content pages read the agenda's settings: are they « Formations » or « Sensibilisation »,
    # which show the next events of their kind (agenda's page sections)?
    "/contact/": 19,
    "/contact/general/": 20,
    "/glossaire/": 18,
    "/thematiques/": 19,
    # Its sections: the plan in short (counts and the first actions of each axis, whatever
    # the plan's size), resources, services of the directory, news, the history.
    "/thematiques/logement/": 39,  # and its field findings (network: one query without any)
    "/ppli/": 26,  # two lists lead to the network's channels (one query a list)
    # The plan pages read which plan they belong to, for a closed edition's banner (issue 26),
    # and the plan's overview the editions of the plan from the PPLI landing, linked only when
    # a visitor may open them (`.public()`: two queries).
    PLAN: 40,
    # The thematic's actions and objectives (two queries, ppli/overview.py tagged_with), and
    # cards to show: the "État" filter is gone while no action has a known state, so this
    # URL no longer narrows the plan down to nothing (it was 36 with "&etat=en_cours").
    PLAN + "?thematique=logement&partenaire=discri": 42,
    PLAN + "imprimer/": 32,
    PLAN + "logement/": 36,
    PLAN + "logement/objectif-18/": 39,
    PLAN + "logement/objectif-18/action-18-1/": 40,
    "/ppli/groupes-de-travail/": 29,  # the network form: axes, thematics, open spaces
    # No form since the network form; its axis's plan, for the closed edition's banner.
    "/ppli/groupes-de-travail/gt-logement/": 33,
    "/ppli/groupes-de-travail/confirmation/": 22,
    "/ppli/partenaires/": 20,
    # One page of its actions (their count, then the page's rows), and its services in the
    # directory: the restrictions, then the entries (organisation hook).
    "/ppli/partenaires/discri/": 33,
    "/ppli/publics/": 20,
    "/ppli/publics/cpas/": 29,  # one page of actions, as a partner's
    # The published findings: the filters' choices and the charts' counts, one page of
    # findings with their thematics, communes and resources (network/listing.py).
    "/ppli/constats-de-terrain/": 30,
    # The consultation's page before it is dated: its text (network/views.py).
    "/ppli/reactualisation/": 21,
    "/ressources/": 19,  # a content page: the agenda's settings, as /contact/
    "/ressources/outils-et-publications/": 30,
    "/ressources/outils-et-publications/?type=memorandum&page=1": 30,
    "/ressources/actus-du-secteur/": 29,
    "/ressources/actus-du-secteur/rss.xml": 6,
    # The list, and whether one of its entries has a position (the map is shown only then).
    "/ressources/repertoires-et-cartographies/": 30,
    "/ressources/repertoires-et-cartographies/?commune=Saint-Servais": 30,
    "/ressources/repertoires-et-cartographies/cai-saint-servais/": 29,
    # The page's view restrictions, as Wagtail reads them for the page itself (its ancestors,
    # then their restrictions: core/page_privacy.py), the list's filter form (its choices),
    # then the entries and their relations.
    "/ressources/repertoires-et-cartographies/export.geojson": 26,
    # One query per page type with live pages (the agenda and its event: 28).
    "/sitemap.xml": 32,  # the network's four page types: 28 before them
    # The filters' choices, the page of events by their next session, their thematics
    # (agenda/listing.py).
    AGENDA: 28,
    AGENDA + "?type=formation&passes=": 28,
    # Its sessions with their places and waiting lists (one query), thematics, audiences.
    EVENT: 25,
}
PUBLIC_PAGES = list(PINNED)
RESOURCE_QUERIES = 33  # the first resource (the booklet), with its thematics and links
NEWS_ITEM_QUERIES = 27  # the latest news item
# An upcoming event with two sessions open for registration (testing/synthetic.py).
SYNTHETIC_EVENT = "evenement-synthetique-2"
UPCOMING_EVENT_QUERIES = 25
# Besides one query per page type among the ten results (see search_count). Cold: the
# synonyms and acronyms (2, then cached), and the partners and audiences (search/sections.py:
# their content types, one search of each, the PPLI landing for their addresses).
SEARCH_QUERIES = 23  # with the types of content that exist, for the type filter
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
        EventPage.objects.live().get(slug=SYNTHETIC_EVENT).url,
    ]
    counts = {}
    for url in urls:
        client.get(url)
        response, counts[url] = cold_get(client, url)
        assert response.status_code == 200, url
    return counts


def search_count(client):
    """The search's queries, less those that depend on which page types the results hold
    (one per type, one for their thematics: the engines rank differently), and how many
    results are shown."""
    client.get(SEARCH)  # the first search of a query records it once
    response, count = cold_get(client, SEARCH)
    assert response.status_code == 200
    return count - specific_queries(response), len(response.context["described_results"])


def cover_every_resource():
    """Listings with images cost one more query (their renditions, read at once): give the
    initial resources covers so that the first count includes it, as the grown one does."""
    for n, resource in enumerate(ResourcePage.objects.order_by("path")):
        resource.cover_image = synthetic_image(20_000 + n, f"Couverture {resource.title}")
        resource.save_revision().publish()


def pinned(urls):
    """{url: pinned count} for `query_counts`' addresses, in its order."""
    resource, news, event = urls[-3:]
    return {
        **PINNED,
        resource: RESOURCE_QUERIES,
        news: NEWS_ITEM_QUERIES,
        event: UPCOMING_EVENT_QUERIES,
    }


def test_every_public_page_is_within_the_budget(client):
    add_news(3)
    add_events(3)
    cover_every_resource()
    counts = query_counts(client)
    assert counts == pinned(list(counts))
    count, shown = search_count(client)
    assert shown == 10
    assert count == SEARCH_QUERIES


@pytest.mark.slow
def test_the_budget_holds_with_ten_times_the_content(client):
    add_news(NEWS_PER_SCALE)
    add_events(EVENTS_PER_SCALE)
    cover_every_resource()
    before = query_counts(client)
    actions, resources = ActionPage.objects.count(), ResourcePage.objects.count()
    grow_plan(times=10)
    add_resources(resources * 9)
    add_news(NEWS_PER_SCALE * 9, start=NEWS_PER_SCALE)
    add_events(EVENTS_PER_SCALE * 9, start=EVENTS_PER_SCALE)
    assert ActionPage.objects.count() == actions * 10
    assert ResourcePage.objects.count() == resources * 10
    assert NewsPage.objects.count() == NEWS_PER_SCALE * 10
    after = query_counts(client)
    assert after == before == pinned(list(before))
    count, shown = search_count(client)
    assert shown == 10
    assert count == SEARCH_QUERIES
