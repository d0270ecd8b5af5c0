"""The admin speaks French and pages show Wagtail's accessibility checker to editors."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("redac", "redac@example.org", "x")
    client.force_login(user)
    return user


def test_admin_login_is_in_french(client):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="fr' in html
    assert "Connexion..." in html  # the login button's busy label


def test_admin_dashboard_is_in_french(client, editor):
    assert "Tableau de bord" in client.get("/admin/").content.decode()


def test_userbar_carries_the_accessibility_checker(client, editor):
    html = client.get("/thematiques/asile/").content.decode()
    assert "wagtail-userbar-template" in html
    assert "axe-configuration" in html  # the checker's settings, read by the userbar
    assert "Vérifications" in html


def test_visitors_get_no_userbar(client):
    assert "wagtail-userbar" not in client.get("/thematiques/asile/").content.decode()


EDITED_PAGES = [
    "/",
    "/presentation/",
    "/presentation/equipe/",
    "/contact/general/",
    "/thematiques/",
    "/thematiques/asile/",
    "/ppli/",
    "/ppli/plan-2017-2020/",
    "/ppli/groupes-de-travail/",
    "/ressources/outils-et-publications/",
    "/ressources/actus-du-secteur/",
]


@pytest.mark.parametrize("url", EDITED_PAGES)
def test_every_page_type_opens_in_the_editor(client, editor, url):
    from tests.conftest import page_at

    page = page_at(url)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_settings_and_snippets_open_in_the_admin(client, editor):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    html = client.get(f"/admin/settings/home/contactsettings/{site.pk}/").content.decode()
    assert "rue Docteur Haibe 2" in html
    assert "Avec le soutien de" in html
    assert client.get("/admin/snippets/home/person/add/").status_code == 200


PPLI_PAGES = [
    "/ppli/plan-2017-2020/logement/",
    "/ppli/plan-2017-2020/logement/objectif-18/",
    "/ppli/plan-2017-2020/logement/objectif-18/action-18-1/",
    "/ppli/groupes-de-travail/gt-logement/",
]


@pytest.mark.parametrize("url", PPLI_PAGES)
def test_ppli_pages_open_in_the_editor(client, editor, url):
    from tests.conftest import page_at

    html = client.get(f"/admin/pages/{page_at(url).pk}/edit/").content.decode()
    assert "Enjeux essentiels" in html or "Objectif" in html or "Organisations" in html


def test_action_editor_uses_type_ahead_choosers(client, editor):
    from tests.conftest import page_at

    action = page_at(PPLI_PAGES[2])
    html = client.get(f"/admin/pages/{action.pk}/edit/").content.decode()
    # wagtail-autocomplete's widgets (tests/ppli/test_action_editor.py tries them out).
    assert 'data-autocomplete-input-name="organisations"' in html
    assert 'data-autocomplete-input-name="audiences"' in html
    assert "Croix-Rouge" in html  # a chosen organisation is shown in its widget
    assert client.get("/admin/snippets/ppli/organisation/").status_code == 200
    assert client.get("/admin/snippets/taxonomies/audience/").status_code == 200
