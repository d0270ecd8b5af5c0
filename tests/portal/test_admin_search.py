"""Every admin listing a role can open searches without error, on the run's database (SQLite,
then PostgreSQL in CI): the acronym list once answered 500 ("no such column: acronym")."""

from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from glossary.models import Abbreviation, SearchSynonym
from ppli.signup_admin import list_url
from taxonomies.models import Audience

pytestmark = pytest.mark.django_db

# Words an editor types: accents and capitals both ways, a quote, an FTS operator, nothing.
QUERIES = ["", "écoles", "ECOLES", "CAI", "l'accueil", 'NEAR("a" "b")', "*", "-"]


def listings():
    """Every listing of the admin: pages, images, documents, forms, each snippet, sign-ups."""
    urls = [
        reverse("wagtailadmin_pages:search"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailforms:index"),
        reverse("wagtailusers_users:index"),
        list_url(),
    ]
    urls += [reverse(model.snippet_viewset.get_url_name("list")) for model in get_snippet_models()]
    return urls


def user(django_user_model, group=None):
    if group is None:
        return django_user_model.objects.create_superuser("admin-cherche", "a@example.org", "x")
    person = django_user_model.objects.create_user("cherche", "c@example.org", "x")
    person.groups.add(Group.objects.get(name=group))
    return person


@pytest.mark.parametrize("group", [None, "Rédaction", "Publication", "Coordination PPLI"])
def test_every_listing_searches_without_error(client, django_user_model, group):
    client.force_login(user(django_user_model, group))
    answers = {}
    for url in listings():
        for query in QUERIES:
            response = client.get(url, {"q": query} if query else {})
            answers[(url, query)] = response.status_code
    # A listing the role may not open redirects or refuses; none fails.
    assert {status for status in answers.values()} <= {200, 302, 403}, answers
    if group is None:
        assert set(answers.values()) == {200}, answers


def test_the_acronym_list_finds_an_acronym_and_an_expansion(admin_client):
    Abbreviation.objects.create(acronym="ZZQX", expansion="Zèbre quantique expérimental")
    url = reverse(Abbreviation.snippet_viewset.get_url_name("list"))
    for query in ["ZZQX", "zzqx", "quantique", "zebre experimental"]:
        response = admin_client.get(url, {"q": query})
        assert response.status_code == 200
        assert "Zèbre quantique" in response.content.decode(), query
    assert "Zèbre quantique" not in admin_client.get(url, {"q": "zzqy"}).content.decode()


@pytest.mark.parametrize("query", ["écoles", "ecoles", "ÉCOLES"])
def test_the_audience_list_finds_ecoles_however_typed(admin_client, query):
    url = reverse(Audience.snippet_viewset.get_url_name("list"))
    html = admin_client.get(url, {"q": query}).content.decode()
    assert "Écoles" in html
    assert "Mutuelles" not in html


def test_a_read_only_list_says_why_and_who_can_change_it(client, django_user_model):
    url = reverse(SearchSynonym.snippet_viewset.get_url_name("list"))
    for group, shown in [("Rédaction", True), ("Publication", False)]:
        user = django_user_model.objects.create_user(group, f"{group}@example.org", "x")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        html = unescape(client.get(url).content.decode())
        assert ("L'équipe Publication les ajoute et les modifie" in html) is shown, group
