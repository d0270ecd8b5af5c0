"""URLs reach their page in a fixed number of queries, with Wagtail's routing rules kept."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import Page

from home.routing import ancestors_of
from tests.conftest import page_at
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

ACTION = "/ppli/plan-2017-2020/logement/objectif-18/action-18-1/"


def test_deep_pages_and_routable_sub_pages_are_found(client):
    assert client.get(ACTION).context["page"].url == ACTION
    assert client.get("/ppli/plan-2017-2020/imprimer/").status_code == 200  # PlanPage route
    response = client.get("/ppli/partenaires/mrax/")  # PPLIIndexPage route
    assert response.status_code == 200 and "MRAX" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/ppli/plan-2017-2020/logement/objectif-18/action-18-1/plus-loin/",
        "/ppli/plan-2017-2020/inconnu/",
        "/inconnu/ppli/",
        "/ppli/partenaires/inconnu/",
    ],
)
def test_unknown_paths_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_routable_page_keeps_precedence_over_a_child_of_the_same_name(client):
    # Wagtail asks a routable page for its own routes before looking at its children.
    ContentPageFactory(parent=page_at("/ppli/"), title="Partenaires", slug="partenaires")
    response = client.get("/ppli/partenaires/")
    assert response.status_code == 200
    assert response.context["page"].url == "/ppli/"


def test_a_draft_page_is_404_and_its_published_children_still_answer(client):
    section = page_at("/contact/")
    section.unpublish()
    assert client.get("/contact/").status_code == 404
    assert client.get("/contact/general/").status_code == 200  # as with Wagtail's routing


def test_routing_costs_the_same_at_every_depth():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from home.routing import route_in_one_query

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    counts = []
    for url in ["/contact/", "/contact/general/", ACTION]:
        components = [c for c in url.split("/") if c]
        route_in_one_query(home, None, components)  # content types are cached per process
        with CaptureQueriesContext(connection) as queries:
            route_in_one_query(home, None, components)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] == 2


@pytest.mark.parametrize("url", [ACTION, "/ppli/partenaires/mrax/", "/contact/general/"])
def test_the_pages_read_by_routing_are_the_ancestors(rf, url):
    request = rf.get(url)
    request.user = AnonymousUser()
    page, _, _ = Page.route_for_request(request, url)
    expected = list(page.get_ancestors().filter(depth__gte=2))
    assert [p.pk for p in ancestors_of(request, page)] == [p.pk for p in expected]
    other = page_at("/glossaire/")  # not the routed page: its own ancestors, queried
    assert [p.pk for p in ancestors_of(request, other)] == [page_at("/").pk]
