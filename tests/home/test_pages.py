"""Home app page types render, with their SQL query count pinned and independent of content."""

import re
from html import unescape

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from home.models import ContentPage, FormField, FormPage, HomePage, TeamPage
from testing.factories import ContentPageFactory, TeamMemberFactory, ThematicPageFactory
from testing.queries import assert_queries
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

HOME_QUERIES = 25  # entry points, thematics, latest resources, (empty) news and agenda sections
# A content page reads the agenda's settings: is it « Formations » or « Sensibilisation »?
CONTENT_QUERIES = 19
FORM_QUERIES = 20
TEAM_QUERIES = 22
TEAM_QUERIES_WITH_PHOTOS = 23  # one more: the photos' renditions, in a single query


def test_home_page(client, home_page):
    assert isinstance(home_page, HomePage)
    response = assert_queries(client, "/", HOME_QUERIES)
    html = unescape(response.content.decode())
    assert html.count("<h1") == 1
    assert "Centre d’action interculturelle de la province de Namur</h1>" in html
    assert 'href="/thematiques/asile/"' in html  # the highlighted section lists its pages

    for _ in range(10):
        ContentPageFactory(parent=home_page)
        ThematicPageFactory(parent=page_at("/thematiques/"))
    assert_queries(client, "/", HOME_QUERIES)


def test_content_page_lists_its_sub_pages(client):
    section = page_at("/contact/")
    assert isinstance(section, ContentPage)
    response = assert_queries(client, "/contact/", CONTENT_QUERIES)
    html = response.content.decode()
    assert 'href="/contact/general/"' in html
    assert 'href="/contact/bureaux-d-accueil/"' not in html  # a draft is never listed

    for _ in range(10):
        ContentPageFactory(parent=section)
    response = assert_queries(client, "/contact/", CONTENT_QUERIES)
    assert response.content.decode().count('<li class="card">') == 11


def test_form_page(client):
    form_page = page_at("/contact/general/")
    assert isinstance(form_page, FormPage)
    response = assert_queries(client, "/contact/general/", FORM_QUERIES)
    html = response.content.decode()
    for label in ["Nom", "Adresse e-mail", "Objet", "Message"]:
        assert re.search(rf"<label for=\"[^\"]+\">{label}</label>", html), label

    for n in range(10):
        FormField.objects.create(page=form_page, label=f"Question {n}", field_type="singleline")
    response = assert_queries(client, "/contact/general/", FORM_QUERIES)
    assert "Question 9" in response.content.decode()


def test_team_page_with_photos(client):
    team_page = page_at("/presentation/equipe/")
    assert isinstance(team_page, TeamPage)
    for page in (page_at("/presentation/"), team_page):  # drafts until staff publish them
        page.save_revision().publish()
    response = assert_queries(client, "/presentation/equipe/", TEAM_QUERIES)
    assert 'class="person"' not in response.content.decode()

    for n in range(3):
        photo = Image.objects.create(title=f"Photo {n}", file=get_test_image_file())
        TeamMemberFactory(page=team_page, person__photo=photo)
    # First render creates the renditions; the pinned count is for a visit that finds them.
    client.get("/presentation/equipe/")
    with_three = assert_queries(client, "/presentation/equipe/", TEAM_QUERIES_WITH_PHOTOS)
    for n in range(7):
        photo = Image.objects.create(title=f"Photo x{n}", file=get_test_image_file())
        TeamMemberFactory(page=team_page, person__photo=photo)
    client.get("/presentation/equipe/")
    with_ten = assert_queries(client, "/presentation/equipe/", TEAM_QUERIES_WITH_PHOTOS)
    assert with_three.content.decode().count('class="person"') == 3
    assert with_ten.content.decode().count('class="person"') == 10
