"""Editors add and edit objectives and actions in the admin: partners and audiences chosen by
typing, in order; titles and URLs made from the number; a new action in its axis's group."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from ppli.exports import plan_to_dict
from ppli.models import (
    ActionPage,
    ObjectivePage,
    Organisation,
    PlanPage,
    WorkingGroupPage,
)
from resources.models import NewsIndexPage
from taxonomies.models import Audience
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

ACTION = "/ppli/plan-2017-2020/logement/objectif-16/action-16-1/"
OBJECTIVE = "/ppli/plan-2017-2020/logement/objectif-16/"
# wagtail-autocomplete's admin endpoint (its URLs have no names).
SEARCH = "/admin/autocomplete/search/"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("redac", "redac@example.org", "x")
    user.groups.add(Group.objects.get(name="Rédaction"))
    client.force_login(user)
    return user


@pytest.fixture
def publisher(client, django_user_model):
    user = django_user_model.objects.create_user("pub", "pub@example.org", "x")
    user.groups.add(Group.objects.get(name="Publication"))
    client.force_login(user)
    return user


def chosen(items):
    """What the type-ahead posts: the chosen items, in order, as JSON."""
    return json.dumps([{"pk": item.pk, "title": str(item)} for item in items])


def form_data(html, form_id, **changes):
    """The editor's form as a browser would post it, with `changes`."""
    data = querydict_from_html(html, form_id=form_id)
    data.update(nested_form_data({"body": streamfield([])}))
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def edit(client, page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(client.get(url).content.decode(), "page-edit-form", **changes)
    return client.post(url, data)


def create_action(client, objective, **changes):
    url = reverse("wagtailadmin_pages:add", args=["ppli", "actionpage", objective.pk])
    html = client.get(url).content.decode()
    return client.post(url, form_data(html, "page-edit-form", **changes))


def organisations(*names):
    return [Organisation.objects.get(name=name) for name in names]


def shown_choices(html, name):
    """The items the type-ahead `name` shows as chosen, in order."""
    soup = BeautifulSoup(html, "html.parser")
    widget = soup.find(attrs={"data-autocomplete-input-name": name})
    return [item["title"] for item in json.loads(widget["data-autocomplete-input-value"])]


def test_the_editor_shows_the_chosen_partners_in_their_order(client, editor):
    action = page_at(ACTION)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[action.pk])).content.decode()
    assert len(action.organisations) >= 2
    assert shown_choices(html, "organisations") == [o.name for o in action.organisations]


def test_partners_chosen_across_searches_are_all_kept_in_order(client, publisher):
    action = page_at(ACTION)
    forem, cpas = organisations("FOREm", "CPAS de Namur")
    response = edit(client, action, organisations=chosen([forem, cpas]), **{"action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    action = ActionPage.objects.get(pk=action.pk)
    assert action.organisations == [forem, cpas]
    # …and in the other order, as the editor reorders them.
    edit(client, action, organisations=chosen([cpas, forem]), **{"action-publish": "1"})
    assert ActionPage.objects.get(pk=action.pk).organisations == [cpas, forem]
    html = client.get(ACTION).content.decode()
    assert html.index(cpas.name) < html.index(forem.name)


def test_a_draft_keeps_the_choices_until_published(client, editor):
    action = page_at(ACTION)
    before = action.organisations
    audience = Audience.objects.order_by("name").first()
    response = edit(client, action, organisations=chosen(before[:1]), audiences=chosen([audience]))
    assert response.status_code == 302
    live = ActionPage.objects.get(pk=action.pk)
    assert live.organisations == before  # the public page is unchanged until published
    draft = live.get_latest_revision_as_object()
    assert draft.organisations == before[:1] and draft.audiences == [audience]
    html = client.get(reverse("wagtailadmin_pages:edit", args=[action.pk])).content.decode()
    assert f"&quot;pk&quot;: {audience.pk}" in html


def test_saving_unchanged_editors_leaves_the_open_data_identical(client, publisher):
    plan = PlanPage.objects.get()
    before = plan_to_dict(plan)
    for url in [ACTION, OBJECTIVE]:
        page = page_at(url)
        changes = {"action-publish": "1"}
        if isinstance(page, ActionPage):
            changes["organisations"] = chosen(page.organisations)
            changes["audiences"] = chosen(page.audiences)
        assert edit(client, page, **changes).status_code == 302
    assert plan_to_dict(PlanPage.objects.get()) == before


def test_title_and_url_come_from_the_number(client, editor):
    objective = page_at(OBJECTIVE)
    response = create_action(
        client,
        objective,
        number="16.4",
        text="Séances d'information sur le logement",
        title="Un titre tapé à la main",
        slug="séances-dinformation",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    action = ActionPage.objects.get(number="16.4")
    assert action.slug == "action-16-4"
    assert action.title == "Action 16.4 : Séances d'information sur le logement"
    assert action.live is False  # saved as a draft: Rédaction submits, never publishes


def test_the_rule_is_the_one_of_the_importer():
    assert ActionPage.numbered_fields("16.4", "") == {
        "title": "Action 16.4",
        "slug": "action-16-4",
    }
    assert ObjectivePage.numbered_fields(30, "")["slug"] == "objectif-30"
    long = ActionPage.numbered_fields("1.1", "mot " * 60)["title"]
    assert len(long) == 120 and long.endswith("…")
    # Every page the loader made follows the same rule.
    for page in [*ActionPage.objects.all(), *ObjectivePage.objects.all()]:
        assert page.slug == page.numbered_slug(page.number)


def test_a_taken_number_is_reported_at_the_number(client, editor):
    objective = page_at(OBJECTIVE)
    create_action(client, objective, number="16.4", text="Une première")
    count = ActionPage.objects.count()
    response = create_action(client, objective, number="16.4", text="Une seconde")
    assert response.status_code == 200
    assert ActionPage.objects.count() == count
    form = response.context["form"]
    assert "number" in form.errors and "slug" not in form.errors
    assert "Ce numéro est déjà pris" in form.errors["number"][0]
    # The error shows at the number, inside the "Contenu" tab: Wagtail counts the errors of
    # each tab's panel and flags the tab with that count.
    soup = BeautifulSoup(response.content, "html.parser")
    error = soup.find(id=lambda value: value and value.endswith("-number-errors"))
    assert "Ce numéro est déjà pris" in error.get_text()
    assert error.find_parent(attrs={"role": "tabpanel"})["id"] == "tab-contenu"


def test_a_number_taken_elsewhere_in_the_plan_is_allowed_under_another_objective(client, editor):
    other = page_at("/ppli/plan-2017-2020/logement/objectif-17/")
    response = create_action(client, other, number="17.9", text="Autre")
    assert response.status_code == 302


def test_a_new_action_takes_its_axis_working_group(client, editor):
    objective = page_at(OBJECTIVE)
    group = WorkingGroupPage.objects.get(slug="gt-logement")
    assert group.axis_id == objective.get_parent().pk
    url = reverse("wagtailadmin_pages:add", args=["ppli", "actionpage", objective.pk])
    assert client.get(url).context["form"].initial["working_group"] == group.pk
    response = create_action(client, objective, number="16.5", text="Nouvelle action")
    assert response.status_code == 302
    assert ActionPage.objects.get(number="16.5").working_group == group
    # The editor may choose no group at all.
    create_action(client, objective, number="16.6", text="Sans groupe", working_group="")
    assert ActionPage.objects.get(number="16.6").working_group is None


def test_group_members_are_chosen_by_typing_in_order(client, publisher):
    group = WorkingGroupPage.objects.get(slug="gt-logement")
    members = organisations("CPAS de Namur", "FOREm")
    response = edit(client, group, members=chosen(members), **{"action-publish": "1"})
    assert response.status_code == 302
    group = WorkingGroupPage.objects.get(pk=group.pk)
    assert [link.organisation for link in group.member_links.all()] == members


def test_the_type_ahead_finds_partners_by_name_or_acronym(client, editor):
    unia = Organisation.objects.get(name="Unia")
    unia.acronym = "CIECR"
    unia.save()
    for query, expected in [("forem", "FOREm"), ("ciecr", "Unia (CIECR)"), ("cpas", "CPAS")]:
        response = client.post(SEARCH, {"type": "ppli.Organisation", "query": query})
        assert expected in [item["title"] for item in response.json()["items"]], query


@pytest.mark.parametrize("query", ["écoles", "ecoles", "ECOLES", "Écoles", " écol "])
def test_the_audience_type_ahead_is_blind_to_accents_and_capitals(client, editor, query):
    """The guide's own example: whatever way one types it, "Écoles" is offered."""
    response = client.post(SEARCH, {"type": "taxonomies.Audience", "query": query})
    assert "Écoles" in [item["title"] for item in response.json()["items"]]


def test_the_type_ahead_is_for_editors_only(client):
    response = client.post(SEARCH, {"type": "ppli.Organisation", "query": "cpas"})
    assert response.status_code in (302, 403)


def test_urls_are_plain_ascii(client, editor, settings):
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False
    news_index = NewsIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["resources", "newspage", news_index.pk])
    html = client.get(url).content.decode()
    response = client.post(
        url, form_data(html, "page-edit-form", title="Séances d'été", slug="séances-d-été")
    )
    assert response.status_code == 302
    assert Page.objects.get(title="Séances d'été").slug == "seances-d-ete"
    assert all(slug.isascii() for slug in Page.objects.values_list("slug", flat=True))
