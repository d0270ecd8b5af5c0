"""The library on the editors' dashboard: « Ressources incomplètes » and its report."""

import pytest

from resources.models import ResourcePage
from tests.dashboard import (
    DASHBOARD,
    link_to,
    listed_ids,
    make_reader,
    make_redacteur,
    panel,
    sidebar_items,
)

pytestmark = pytest.mark.django_db

REPORT = "/admin/ressources-incompletes/"


@pytest.fixture
def redacteur(django_user_model):
    return make_redacteur(django_user_model)


def expected_incomplete():
    """The resources with nothing to open, one by one in Python (the panel does it in SQL)."""
    return {
        resource.pk
        for resource in ResourcePage.objects.all()
        if not (resource.document_id or resource.external_url or resource.video_url)
    }


def incomplete_count_link(client):
    html = panel(client.get(DASHBOARD).content.decode(), "ressources-incompletes")
    count = len(expected_incomplete())
    label = f"{count} ressource{'s' if count > 1 else ''} sans fichier ni lien"
    return link_to(html, label)


def test_the_count_links_to_exactly_the_incomplete_resources(client, redacteur):
    incomplete = expected_incomplete()
    assert incomplete  # the initial library has some
    assert len(incomplete) < ResourcePage.objects.count()  # and some complete ones
    client.force_login(redacteur)
    url = incomplete_count_link(client)
    assert url == REPORT
    assert set(listed_ids(client, url)) == incomplete
    assert "Ressources incomplètes" in client.get(url).content.decode()
    assert "ressources-incompletes" in sidebar_items(client.get(DASHBOARD).content.decode())


@pytest.mark.parametrize(
    "field, value",
    [("external_url", "https://example.org/memorandum"), ("video_url", "https://vimeo.com/1")],
)
def test_a_link_or_a_video_completes_a_resource(client, redacteur, field, value):
    resource = ResourcePage.objects.get(pk=min(expected_incomplete()))
    setattr(resource, field, value)
    resource.save_revision().publish()
    client.force_login(redacteur)
    listed = listed_ids(client, incomplete_count_link(client))
    assert resource.pk not in listed
    assert set(listed) == expected_incomplete()


def test_the_panel_and_report_are_for_page_editors_only(client, django_user_model):
    client.force_login(make_reader(django_user_model))
    assert panel(client.get(DASHBOARD).content.decode(), "ressources-incompletes") is None
    assert client.get(REPORT).status_code in (302, 403)
