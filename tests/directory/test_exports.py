"""The directory's open data: valid RFC 7946 GeoJSON and a CSV a spreadsheet opens safely,
filtered as the list is, cached as pages are, in a number of queries that does not grow with
the entries."""

import csv
import datetime
import io
import json
from decimal import Decimal
from urllib.parse import quote

import geojson as geojson_lib
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from directory.models import DirectoryEntryPage, DirectoryPage, Language, OpeningHours
from home.models import ContactSettings
from taxonomies.models import Audience
from testing.factories import DirectoryEntryPageFactory, ServiceKindFactory
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

PROPERTIES = {
    "ref",
    "name",
    "kind",
    "kind_slug",
    "description",
    "street",
    "postcode",
    "commune",
    "uses_centre_contact",
    "phone",
    "email",
    "website",
    "languages",
    "audiences",
    "thematics",
    "organisation",
    "opening_hours",
    "url",
}


@pytest.fixture
def directory():
    return DirectoryPage.objects.get()


def export_url(directory, extension, query=""):
    return f"{directory.url}export.{extension}" + (f"?{query}" if query else "")


def full_entry(directory, n=0, **fields):
    """A published entry with a point, hours and every relation."""
    entry = DirectoryEntryPageFactory(
        parent=directory,
        kind=fields.pop("kind", None) or ServiceKindFactory(name="Cours de FLE"),
        latitude=Decimal("50.466900") + n,
        longitude=Decimal("4.867500"),
        phone="081 00 00 00",
        email=f"service{n}@example.org",
        website="https://example.org/",
        **fields,
    )
    entry.languages = list(Language.objects.filter(slug__in=["francais", "arabe"]))
    entry.audiences = list(Audience.objects.all()[:2])
    entry.thematics = list(ThematicPage.objects.order_by("pk")[:2])
    entry.opening_hours = [
        OpeningHours(weekday=1, opens=datetime.time(9), closes=datetime.time(12)),
        OpeningHours(weekday=3, opens=datetime.time(13, 30), closes=datetime.time(16)),
    ]
    entry.save_revision().publish()
    return entry


def geojson(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    return json.loads(response.content)


def assert_rfc7946(data):
    """The structure RFC 7946 requires of a FeatureCollection of points (or of features
    without geometry, section 3.2: "geometry": null)."""
    assert data["type"] == "FeatureCollection" and isinstance(data["features"], list)
    assert "crs" not in data  # RFC 7946 removed it: WGS 84 always
    # The python-geojson library's own check, of the collection and of each feature; what
    # follows adds what it leaves out (longitude first, in range).
    collection = geojson_lib.loads(json.dumps(data))
    assert collection.is_valid, collection.errors()
    for feature in collection["features"]:
        assert feature.is_valid, feature.errors()
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str | int)
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point"
            longitude, latitude = geometry["coordinates"]
            assert isinstance(longitude, float) and isinstance(latitude, float)
            assert -180 <= longitude <= 180 and -90 <= latitude <= 90


def test_geojson_is_valid_and_complete(client, directory):
    entry = full_entry(directory)
    data = geojson(client, export_url(directory, "geojson"))
    assert_rfc7946(data)
    features = {feature["id"]: feature for feature in data["features"]}
    assert set(features) == {"cai-saint-servais", entry.ref}
    feature = features[entry.ref]
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.8675, 50.4669]}
    properties = feature["properties"]
    assert set(properties) == PROPERTIES
    assert properties["kind"] == "Cours de FLE" and properties["kind_slug"] == "cours-de-fle"
    assert properties["languages"] == ["arabe", "français"]
    assert len(properties["audiences"]) == 2 and len(properties["thematics"]) == 2
    assert properties["opening_hours"] == [
        {"day": "Monday", "opens": "09:00", "closes": "12:00"},
        {"day": "Wednesday", "opens": "13:30", "closes": "16:00"},
    ]
    assert properties["organisation"] is None
    assert properties["url"].startswith("http") and properties["url"].endswith(
        f"/repertoires-et-cartographies/{entry.slug}/"
    )


def test_an_entry_without_a_point_has_no_geometry_and_the_centres_contact(client, directory):
    data = geojson(client, export_url(directory, "geojson"))
    (office,) = [f for f in data["features"] if f["id"] == "cai-saint-servais"]
    assert office["geometry"] is None
    centre = ContactSettings.objects.get()
    assert office["properties"]["phone"] == centre.phone != ""
    assert office["properties"]["email"] == centre.email != ""
    assert office["properties"]["opening_hours"] == []
    assert office["properties"]["commune"] == "Saint-Servais"


def test_drafts_are_not_exported(client, directory):
    data = geojson(client, export_url(directory, "geojson"))
    assert not any(f["id"].startswith("bapa-") for f in data["features"])


def test_exports_apply_the_lists_filters(client, directory):
    health = ServiceKindFactory(name="Santé")
    full_entry(directory, kind=health, commune="Dinant", postcode="5500")
    full_entry(directory, n=1, commune="Namur")
    by_kind = geojson(client, export_url(directory, "geojson", "type=sante"))
    assert [f["properties"]["commune"] for f in by_kind["features"]] == ["Dinant"]
    by_commune = geojson(client, export_url(directory, "geojson", "commune=Saint-Servais"))
    assert [f["id"] for f in by_commune["features"]] == ["cai-saint-servais"]
    rows = csv_rows(client, export_url(directory, "csv", "type=sante"))
    assert [row["commune"] for row in rows] == ["Dinant"]


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read the accents right
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_flattens_every_field(client, directory):
    entry = full_entry(directory)
    rows = {row["ref"]: row for row in csv_rows(client, export_url(directory, "csv"))}
    row = rows[entry.ref]
    assert (row["longitude"], row["latitude"]) == ("4.8675", "50.4669")
    assert row["languages"] == "arabe | français"
    assert row["opening_hours"] == "lundi 09:00-12:00 | mercredi 13:30-16:00"
    assert row["uses_centre_contact"] == "non"
    office = rows["cai-saint-servais"]
    assert office["longitude"] == office["latitude"] == ""
    assert office["uses_centre_contact"] == "oui" and office["phone"]


def test_csv_cells_never_run_as_formulas(client, directory):
    entry = full_entry(directory, description='=HYPERLINK("http://evil.example","x")')
    rows = {row["ref"]: row for row in csv_rows(client, export_url(directory, "csv"))}
    assert rows[entry.ref]["description"] == '\'=HYPERLINK("http://evil.example","x")'


def test_only_the_directory_page_has_exports(client, directory):
    assert client.get("/contact/export.geojson").status_code == 404
    assert client.get("/nulle-part/export.csv").status_code == 404
    directory.unpublish()
    assert client.get(export_url(directory, "geojson")).status_code == 404


def test_exports_are_cached_as_pages_are(client, directory):
    url = export_url(directory, "geojson", "commune=Saint-Servais")
    assert client.get(url)["X-Page-Cache"] == "MISS"
    assert client.get(url)["X-Page-Cache"] == "HIT"
    # A parameter the list does not know is answered but never stored.
    assert "X-Page-Cache" not in client.get(export_url(directory, "geojson", "junk=1"))
    # Publishing an entry makes the stored export stale.
    full_entry(directory, commune="Saint-Servais")
    response = client.get(url)
    assert response["X-Page-Cache"] == "MISS" and len(json.loads(response.content)["features"]) == 2


def export_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("extension", ["geojson", "csv"])
def test_query_count_does_not_grow_with_the_entries(client, directory, extension):
    url = export_url(directory, extension, "junk=1")  # never served from the cache
    for n in range(2):
        full_entry(directory, n=n)
    client.get(url)  # warm what every request reads once (site, content types)
    few = export_queries(client, url)
    for n in range(2, 30):
        full_entry(directory, n=n)
    assert DirectoryEntryPage.objects.live().count() == 31
    assert export_queries(client, url) == few


# --- A private directory keeps its files private ---------------------------------------------


def restrict(directory, restriction_type, groups=()):
    """Wagtail's view restriction on the directory page."""
    restriction = PageViewRestriction.objects.create(
        page=directory, restriction_type=restriction_type
    )
    restriction.groups.set(groups)
    return restriction


def login_redirect(url):
    """Where Wagtail sends a visitor who must log in to see `url`."""
    return f"{reverse('wagtailcore_login')}?next={quote(url)}"


@pytest.mark.parametrize("extension", ["geojson", "csv"])
def test_a_login_directory_sends_visitors_to_the_login_page(
    client, directory, django_user_model, extension
):
    restrict(directory, PageViewRestriction.LOGIN)
    url = export_url(directory, extension, "commune=Saint-Servais")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    client.force_login(django_user_model.objects.create_user("membre", password="x"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] in (
        "application/geo+json; charset=utf-8",
        "text/csv; charset=utf-8",
    )
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_a_group_directory_serves_its_members_only(client, directory, django_user_model):
    members = Group.objects.create(name="Membres du répertoire")
    restrict(directory, PageViewRestriction.GROUPS, groups=[members])
    url = export_url(directory, "geojson")
    outsider = django_user_model.objects.create_user("passant", password="x")
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == login_redirect(url)
    outsider.groups.add(members)
    response = client.get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["type"] == "FeatureCollection"


def test_a_directory_made_private_stops_serving_its_stored_files(client, directory):
    url = export_url(directory, "geojson")
    assert client.get(url)["X-Page-Cache"] == "MISS"
    assert client.get(url)["X-Page-Cache"] == "HIT"
    restrict(directory, PageViewRestriction.LOGIN)
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 302
        assert "X-Page-Cache" not in response


def test_a_password_directory_answers_the_password_form(client, directory):
    restriction = PageViewRestriction.objects.create(
        page=directory, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    url = export_url(directory, "csv")
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, directory.pk])
    client.post(action, {"password": "secret", "return_url": url})
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert "X-Page-Cache" not in response
