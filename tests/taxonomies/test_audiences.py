"""The shared audiences: loaded from taxonomies/data, editable by the editor groups."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from taxonomies.initial_content import load_audiences, read_audiences
from taxonomies.models import Audience
from tests.conftest import restore_editor_groups

pytestmark = pytest.mark.django_db

EDITOR_GROUPS = ["Rédaction", "Publication", "Coordination PPLI"]


def test_data_keys_and_names_are_unique():
    audiences = read_audiences()
    assert len({a["key"] for a in audiences}) == len(audiences)
    assert len({a["name"] for a in audiences}) == len(audiences)


def test_the_initial_content_loads_every_audience_once():
    by_key = load_audiences()  # load_initial_content already ran: nothing new
    assert set(by_key) == {a["key"] for a in read_audiences()}
    assert Audience.objects.count() == len(by_key)
    assert by_key["cpas"].name == "CPAS" and by_key["cpas"].slug == "cpas"


def test_the_model_kept_its_table_and_its_permissions_moved_with_it():
    assert Audience._meta.db_table == "ppli_audience"
    assert not ContentType.objects.filter(app_label="ppli", model="audience").exists()
    for name in EDITOR_GROUPS:
        codenames = set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="taxonomies")
            .values_list("codename", flat=True)
        )
        assert {"add_audience", "change_audience", "view_audience"} <= codenames, name


def test_editor_groups_rebuilt_for_a_transactional_test_get_them_too():
    # restore_editor_groups runs ppli's 0009 (grants on ppli's audience) then 0010 (moves it).
    restore_editor_groups()
    assert not ContentType.objects.filter(app_label="ppli", model="audience").exists()
    group = Group.objects.get(name="Publication")
    assert group.permissions.filter(
        content_type__app_label="taxonomies", codename="delete_audience"
    ).exists()


def test_editors_edit_audiences_in_the_ppli_partners_menu(client, django_user_model):
    editor = django_user_model.objects.create_user("redaction", password="x")
    editor.groups.add(Group.objects.get(name="Rédaction"))
    client.force_login(editor)
    audience = Audience.objects.get(slug="cpas")
    assert client.get("/admin/snippets/taxonomies/audience/").status_code == 200
    response = client.get(f"/admin/snippets/taxonomies/audience/edit/{audience.pk}/")
    assert response.status_code == 200
    assert "Partenaires du PPLI" in client.get("/admin/").content.decode()
