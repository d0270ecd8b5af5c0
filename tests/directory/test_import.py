"""import_directory reads back the directory's exports (CSV and GeoJSON): it updates or
creates entries by ref, and refuses a malformed file whole, with one French report of every
problem and where it is, writing nothing."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, Revision

from directory.exports import CSV_COLUMNS
from directory.models import DirectoryEntryPage, DirectoryPage, OpeningHours
from tests.directory.test_exports import full_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    return DirectoryPage.objects.get()


def export(client, directory, extension):
    response = client.get(f"{directory.url}export.{extension}")
    assert response.status_code == 200
    return response.content


def run_import(tmp_path, name, content, *options):
    path = tmp_path / name
    path.write_bytes(content)
    output = io.StringIO()
    call_command("import_directory", str(path), *options, stdout=output)
    return output.getvalue()


def refused(tmp_path, name, content):
    """The report of a refused import (every problem on its own line)."""
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, name, content)
    message = str(error.value)
    assert message.startswith("Import refusé, rien n'a été modifié")
    return message


def database_state():
    return {
        "pages": list(
            Page.objects.order_by("path").values_list(
                "pk", "path", "title", "live", "latest_revision_id"
            )
        ),
        "entries": list(
            DirectoryEntryPage.objects.order_by("pk").values_list(
                "pk", "ref", "kind_id", "commune", "postcode", "latitude", "longitude", "email"
            )
        ),
        "hours": OpeningHours.objects.count(),
        "revisions": Revision.objects.count(),
    }


@pytest.mark.parametrize("extension", ["geojson", "csv"])
def test_export_import_export_gives_the_same_file(client, tmp_path, directory, extension):
    entry = full_entry(directory, organisation=None)
    first = export(client, directory, extension)
    entry.delete()  # the import creates it again, from the file alone
    output = run_import(tmp_path, f"repertoire.{extension}", first)
    assert "1 fiche(s) créée(s), 0 mise(s) à jour, 1 inchangée(s)" in output
    assert DirectoryEntryPage.objects.get(ref=entry.ref).live
    assert export(client, directory, extension) == first
    # Imported again, the file changes nothing.
    before = database_state()
    assert "0 fiche(s) créée(s), 0 mise(s) à jour" in run_import(
        tmp_path, f"repertoire.{extension}", first
    )
    assert database_state() == before


def csv_rows(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def csv_bytes(rows, columns=CSV_COLUMNS):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_an_import_updates_by_ref_and_creates_new_refs(client, tmp_path, directory):
    entry = full_entry(directory)
    rows = csv_rows(export(client, directory, "csv"))
    row = next(r for r in rows if r["ref"] == entry.ref)
    row.update(commune="Dinant", postcode="5500", opening_hours="vendredi 08:30-11:00")
    rows.append(
        {
            **{column: "" for column in CSV_COLUMNS},
            "ref": "fle-andenne",
            "name": "Cours de français à Andenne",
            "kind": "cours-de-fle",  # a kind by its slug
            "commune": "Andenne",
            "languages": "français | arabe",
            "thematics": "fle-alpha-ran",  # a thematic by its slug
        }
    )
    output = run_import(tmp_path, "repertoire.csv", csv_bytes(rows))
    assert "1 fiche(s) créée(s), 1 mise(s) à jour, 1 inchangée(s)" in output
    entry = DirectoryEntryPage.objects.get(pk=entry.pk)
    assert (entry.commune, entry.postcode) == ("Dinant", "5500")
    assert [(h.weekday, str(h.opens), str(h.closes)) for h in entry.opening_hours.all()] == [
        (5, "08:30:00", "11:00:00")
    ]
    new = DirectoryEntryPage.objects.get(ref="fle-andenne")
    assert new.live and new.get_parent().pk == directory.pk and new.slug == "fle-andenne"
    assert sorted(lang.code for lang in new.languages.all()) == ["ar", "fr"]
    assert [t.slug for t in new.thematics.all()] == ["fle-alpha-ran"]


def test_an_import_publishes_a_draft_it_completes(client, tmp_path, directory):
    row = {column: "" for column in CSV_COLUMNS}
    row.update(ref="bapa-2", name="Bureau d'accueil de Dinant", kind="Bureau d'accueil")
    row.update(commune="Dinant", postcode="5500")
    run_import(tmp_path, "repertoire.csv", csv_bytes([row]))
    entry = DirectoryEntryPage.objects.get(ref="bapa-2")
    assert entry.live and entry.title == "Bureau d'accueil de Dinant"


def test_dry_run_writes_nothing(client, tmp_path, directory):
    rows = csv_rows(export(client, directory, "csv"))
    rows[0]["commune"] = "Namur"
    before = database_state()
    output = run_import(tmp_path, "repertoire.csv", csv_bytes(rows), "--dry-run")
    assert "1 mise(s) à jour" in output and "simulation" in output
    assert database_state() == before


def test_a_malformed_csv_is_refused_with_every_problem(client, tmp_path, directory):
    full_entry(directory)
    rows = csv_rows(export(client, directory, "csv"))
    good = dict(rows[0])
    rows = [
        {**good, "ref": "a", "kind": "Boulangerie", "languages": "français | klingon"},
        {**good, "ref": "b", "postcode": "500", "longitude": "", "latitude": "50.4"},
        {**good, "ref": "c", "longitude": "4.8", "latitude": "100", "email": "pas-une-adresse"},
        {**good, "ref": "d", "uses_centre_contact": "non", "website": "ftp//x"},
        {**good, "ref": "e", "opening_hours": "lundi 12:00-09:00 | jourdi 09:00-10:00 | midi"},
        {**good, "ref": "a", "name": ""},
    ]
    before = database_state()
    report = refused(tmp_path, "repertoire.csv", csv_bytes(rows))
    for expected in [
        "ligne 2, colonne « kind » : type de service inconnu « Boulangerie » (noms connus : "
        "Aide juridique, Autre, Bureau d'accueil,",
        "ligne 2, colonne « languages » : langue inconnue « klingon » (noms connus : albanais, "
        "allemand,",
        "ligne 3, colonne « postcode » : « 500 » invalide (attendu : quatre chiffres).",
        "ligne 3, colonne « latitude » : une seule des deux coordonnées est donnée",
        "ligne 4, colonne « latitude » : latitude 100.0 hors limites (attendu : un nombre de "
        "-90 à 90).",
        "ligne 4, colonne « email » : « pas-une-adresse » invalide",
        "ligne 5, colonne « website » : « ftp//x » invalide",
        "ligne 6, colonne « opening_hours » : plage 1, closes : l'heure de fermeture doit suivre "
        "celle d'ouverture.",
        "ligne 6, colonne « opening_hours » : plage 2, day : jour inconnu",
        "ligne 6, colonne « opening_hours » : plage « midi » illisible",
        "ligne 7, colonne « name » : valeur manquante",
        "ligne 7, colonne « ref » : la fiche « a » figure deux fois dans le fichier (aussi "
        "ligne 2)",
    ]:
        assert expected in report
    # In the order of the file.
    assert report.index("ligne 2,") < report.index("ligne 3,") < report.index("ligne 7,")
    assert database_state() == before


def test_a_csv_with_unknown_columns_is_refused(tmp_path, directory):
    content = csv_bytes([{"ref": "x", "name": "X", "kind": "Autre", "couleur": "bleu"}],
                        columns=["ref", "name", "kind", "couleur"])  # fmt: skip
    report = refused(tmp_path, "repertoire.csv", content)
    assert "Colonnes inconnues : couleur." in report


def geojson_bytes(data):
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_a_malformed_geojson_is_refused_with_every_problem(client, tmp_path, directory):
    full_entry(directory)
    data = json.loads(export(client, directory, "geojson"))
    feature = data["features"][0]
    broken = json.loads(json.dumps(feature))
    broken["properties"].update(ref="x-1", postcode=5000, couleur="bleu", languages="français")
    broken["geometry"] = {"type": "Point", "coordinates": [4.8]}
    other = json.loads(json.dumps(feature))
    other["properties"].update(ref="x-2", opening_hours=[{"day": "Funday", "opens": "9h"}])
    other["geometry"] = {"type": "Point", "coordinates": [200.0, 50.0]}
    data["features"] = [feature, broken, other, "pas une entité"]
    before = database_state()
    report = refused(tmp_path, "repertoire.geojson", geojson_bytes(data))
    for expected in [
        "entité 2 ($.features[1]), propriété « postcode » : 5000 n'est pas du bon type "
        "(attendu : un texte).",
        "entité 2 ($.features[1]), propriété « couleur » : propriété inconnue",
        "entité 2 ($.features[1]), propriété « languages » : « français » n'est pas du bon type",
        "entité 2 ($.features[1]), géométrie : ",
        "entité 3 ($.features[2]), propriété « opening_hours » : plage 1, day : jour inconnu",
        "entité 3 ($.features[2]), propriété « opening_hours » : plage 1, opens : heure invalide",
        "entité 3 ($.features[2]), propriété « opening_hours » : plage 1, closes : heure invalide",
        "entité 3 ($.features[2]), géométrie : longitude 200.0 hors limites",
        "entité 4 ($.features[3]) : ce n'est pas une entité GeoJSON",
    ]:
        assert expected in report
    assert database_state() == before


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("repertoire.xlsx", b"PK\x03\x04", "Extension « .xlsx » inconnue"),
        ("repertoire.geojson", b"{", "JSON invalide, ligne 1, colonne 2"),
        ("repertoire.geojson", b'{"type": "Feature"}', "FeatureCollection"),
        ("repertoire.csv", b"\xff\xfe", "n'est pas encodé en UTF-8"),
        ("repertoire.csv", b"", "Le fichier est vide"),
        ("repertoire.csv", b"ref,name,kind\r\n", "que la ligne d'en-tête"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, directory, name, content, expected):
    assert expected in refused(tmp_path, name, content)


@override_settings(DIRECTORY_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused_before_it_is_read(client, tmp_path, directory):
    report = refused(tmp_path, "repertoire.csv", export(client, directory, "csv"))
    assert "la limite est de 100 octets (réglage DIRECTORY_IMPORT_MAX_BYTES)" in report


def test_columns_a_file_lacks_keep_what_is_stored(client, tmp_path, directory):
    entry = full_entry(directory)
    content = csv_bytes(
        [{"ref": entry.ref, "name": entry.title, "kind": "Cours de FLE", "commune": "Ciney"}],
        columns=["ref", "name", "kind", "commune"],
    )
    assert "1 mise(s) à jour" in run_import(tmp_path, "repertoire.csv", content)
    entry = DirectoryEntryPage.objects.get(pk=entry.pk)
    assert entry.commune == "Ciney"
    assert entry.description and entry.has_point and entry.email
    assert entry.languages.count() == 2 and entry.opening_hours.count() == 2
