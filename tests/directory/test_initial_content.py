"""The directory's initial content: only what the sources give is published (the centre's
office, without hours or map position); the offices they mention without naming are drafts
for staff; loading again changes nothing."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from directory.models import (
    DirectoryEntryPage,
    DirectoryPage,
    Language,
    SchemaType,
    ServiceKind,
    ServiceListPage,
)
from home.content_loader import PLACEHOLDER_MARK
from home.models import ContentPage
from tests.conftest import page_at

pytestmark = pytest.mark.django_db


def test_only_the_centres_office_is_published():
    live = DirectoryEntryPage.objects.live()
    assert list(live.values_list("ref", flat=True)) == ["cai-saint-servais"]
    office = live.get()
    assert office.get_parent().specific_class is DirectoryPage
    assert office.url_path.endswith("/ressources/repertoires-et-cartographies/cai-saint-servais/")
    assert office.kind.slug == "bureau-d-accueil"
    assert (office.street, office.postcode, office.commune) == (
        "rue Docteur Haibe 2",
        "5002",
        "Saint-Servais",
    )
    # The sources give neither hours nor a map position: none are made up.
    assert not office.opening_hours.exists()
    assert not office.has_point
    assert office.uses_centre_contact and office.phone == "" and office.email == ""


def test_the_unnamed_offices_are_drafts_for_staff():
    drafts = DirectoryEntryPage.objects.filter(live=False).order_by("ref")
    assert [page.ref for page in drafts] == [
        *[f"bapa-{n}" for n in range(2, 9)],
        "coordination-locale-ppli",
    ]
    for page in drafts:
        assert "(à compléter)" in page.title
        assert page.commune == "" and page.street == "" and not page.has_point
        assert PLACEHOLDER_MARK in str(page.get_latest_revision_as_object().body.raw_data)
    assert drafts.get(ref="bapa-2").title == (
        "Bureau d'accueil des primo-arrivants n° 2 (à compléter)"
    )
    assert drafts.get(ref="coordination-locale-ppli").kind.slug == "coordination-locale"


def test_kinds_and_languages_are_offered():
    kinds = dict(ServiceKind.objects.values_list("slug", "schema_type"))
    assert kinds["bureau-d-accueil"] == SchemaType.GOVERNMENT_OFFICE
    assert kinds["cpas"] == SchemaType.GOVERNMENT_OFFICE
    assert kinds["cours-de-fle"] == SchemaType.ORGANIZATION
    assert {"aide-juridique", "sante", "logement", "initiative-locale-d-integration", "autre"} <= (
        set(kinds)
    )
    codes = dict(Language.objects.values_list("name", "code"))
    assert codes["français"] == "fr" and codes["néerlandais"] == "nl" and codes["arabe"] == "ar"


def test_the_offices_page_is_a_draft_listing_the_published_office(client, admin_user):
    """A draft while the centre's office is the only office with an address; its preview
    lists it, and its note tells staff when to publish."""
    page = page_at("/contact/bureaux-d-accueil/")
    assert isinstance(page, ServiceListPage) and not page.live
    assert page.kind.slug == "bureau-d-accueil"
    assert PLACEHOLDER_MARK in str(page.body.raw_data)
    assert client.get("/contact/bureaux-d-accueil/").status_code == 404
    client.force_login(admin_user)
    preview = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert preview.status_code == 200
    assert "rue Docteur Haibe 2" in preview.content.decode()


def database_state():
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "pk", "path", "slug", "title", "live", "latest_revision_id"
            )
        ),
        "revisions": Revision.objects.count(),
        "kinds": list(ServiceKind.objects.order_by("pk").values_list("pk", "name", "slug")),
        "languages": list(Language.objects.order_by("pk").values_list("pk", "name", "code")),
    }


def test_loading_again_changes_nothing():
    before = database_state()
    call_command("load_initial_content", stdout=io.StringIO())
    assert database_state() == before


def test_staff_edits_are_kept():
    kind = ServiceKind.objects.get(slug="cpas")
    kind.name = "CPAS (centre public d'action sociale)"
    kind.save()
    # Saved in the admin: Wagtail logs it, and the loader then leaves it alone.
    from wagtail.log_actions import log

    log(kind, "wagtail.edit")
    office = DirectoryEntryPage.objects.get(ref="cai-saint-servais")
    office.description = "Texte de l'équipe."
    office.save_revision(user=None, log_action=True).publish()
    call_command("load_initial_content", stdout=io.StringIO())
    assert ServiceKind.objects.get(slug="cpas").name == "CPAS (centre public d'action sociale)"
    assert DirectoryEntryPage.objects.get(ref="cai-saint-servais").description == (
        "Texte de l'équipe."
    )


def test_an_old_untouched_page_at_the_offices_address_is_replaced():
    page_at("/contact/bureaux-d-accueil/").delete()
    contact = page_at("/contact/")
    old = ContentPage(title="Bureau d'accueil", slug="bureaux-d-accueil", live=False)
    contact.add_child(instance=old)
    old.save_revision(log_action=False)
    call_command("load_initial_content", stdout=io.StringIO())
    assert isinstance(page_at("/contact/bureaux-d-accueil/"), ServiceListPage)


def test_an_old_page_staff_edited_is_left_alone():
    page_at("/contact/bureaux-d-accueil/").delete()
    contact = page_at("/contact/")
    old = ContentPage(title="Nos bureaux", slug="bureaux-d-accueil")
    contact.add_child(instance=old)
    old.save_revision(log_action=True).publish(log_action=True)  # a logged edit: a person's
    output = io.StringIO()
    call_command("load_initial_content", stdout=output)
    page = page_at("/contact/bureaux-d-accueil/")
    assert isinstance(page, ContentPage) and page.title == "Nos bureaux"
    assert "laissée telle quelle" in output.getvalue()
