"""The import of directory files: the CSV or GeoJSON the site exports (exports.py), edited.

A file goes through three steps and is written only if none found a problem:
1. it is read within the size limits (core/import_files.py; settings
   DIRECTORY_IMPORT_MAX_BYTES and DIRECTORY_IMPORT_MAX_ROWS);
2. each row (CSV) or feature (GeoJSON) is turned into plain values (`EntryData`), every
   malformed value noted with where it is: "ligne 3, colonne « email »" or
   "entité 2 ($.features[1]), propriété « email »";
3. the values are checked as the site would store them (a known kind, languages…, a postcode
   of four digits, coordinates both or neither and in range, valid e-mail and web addresses,
   hours whose closing follows the opening, each ref once in the file).
Every problem is reported at once, in French; then the entries are written by ref through the
directory's one writer (writer.py): updated when the ref exists, created otherwise (and
published: an imported draft becomes a published entry).
"""

import io
import math
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from core.import_files import (
    NO,
    YES,
    ImportFileError,
    ImportLimits,
    ProblemList,
    csv_place,
    csv_rows,
    parse_json,
    problem_line,
    read_limited,
    shown,
    split_list,
)

from .exports import CSV_COLUMNS, LIST_SEPARATOR
from .models import DirectoryEntryPage, postcode_validator
from .writer import KEEP, EntryData, EntryWriter, Vocabulary, hours_problems

# A directory has some hundred entries: room for far more, while a mistaken file (a database
# dump) is refused before it is read.
LIMITS = ImportLimits(
    "DIRECTORY_IMPORT", 5 * 1024 * 1024, 10_000, "Vérifiez que c'est bien un export du répertoire."
)
REQUIRED = ("ref", "name", "kind")
# The other values of an entry, kept as stored when the file does not give them.
OPTIONAL = ("description", "street", "postcode", "commune", "uses_centre_contact", "phone")
OPTIONAL += ("email", "website", "languages", "audiences", "thematics", "organisation")
# What the import reads of a feature's properties (the export's; kind_slug and url are
# informative and ignored: the kind is read from `kind`, by name or slug).
TEXTS = ("ref", "name", "kind", "kind_slug", "description", "street", "postcode", "commune")
TEXTS += ("phone", "email", "website", "url")
LISTS = ("languages", "audiences", "thematics")
PROPERTIES = (*TEXTS, *LISTS, "uses_centre_contact", "organisation", "opening_hours")
# The model's limits (a file's "name" is the page's title), and the description's (a text
# field has none).
MAX_LENGTHS = {
    name: DirectoryEntryPage._meta.get_field("title" if name == "name" else name).max_length
    for name in ("ref", "name", "street", "commune", "phone", "email", "website")
}
MAX_LENGTHS["description"] = 5000
REF = re.compile(r"[-a-zA-Z0-9_]+")
# An empty uses_centre_contact cell is a no.
YES_NO = YES | NO | {""}
# A CSV period: "lundi 09:00-12:00".
CSV_PERIOD = re.compile(r"(?P<day>\S+)\s+(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})")


@dataclass
class Record:
    """One entry of the file: its values as read, and where it is."""

    values: dict
    line: int | None = None  # CSV
    index: int | None = None  # GeoJSON: the feature's position, from 0

    def where(self, name=None):
        """(French place of the entry or of one of its fields, the key sorting it)."""
        if self.line is not None:
            column = {"coordinates": "latitude"}.get(name, name)
            order = CSV_COLUMNS.index(column) if column in CSV_COLUMNS else -1
            return csv_place(self.line, column), (self.line, order)
        text = f"entité {self.index + 1} ($.features[{self.index}])"
        if name in ("coordinates", "geometry"):
            text += ", géométrie"
        elif name:
            text += f", propriété « {name} »"
        order = PROPERTIES.index(name) if name in PROPERTIES else -1
        return text, (self.index, order)


class Problems(ProblemList):
    def note(self, record, name, problem, expected=None):
        where, key = record.where(name)
        self.add(key, problem_line(where, problem, expected))

    def fatal(self, text):
        raise ImportFileError([text])


def read_directory_file(path):
    """The file's records (CSV rows or GeoJSON features) and the problems of reading them."""
    kind, content = read_limited(
        path,
        ("csv", "geojson", "json"),
        LIMITS,
        "Le fichier est vide : aucune fiche à importer.",
    )
    problems = Problems()
    if kind == "csv":
        stream = io.TextIOWrapper(io.BytesIO(content), "utf-8-sig", newline="")
        return read_csv(stream, problems), problems
    return read_geojson(parse_json(content.decode("utf-8-sig")), problems), problems


# CSV ------------------------------------------------------------------------------------


def read_csv(stream, problems):
    records = []
    rows = csv_rows(
        stream,
        CSV_COLUMNS,
        LIMITS,
        "fiches",
        "Le fichier ne contient que la ligne d'en-tête : aucune fiche.",
        REQUIRED,
    )
    for line, row, wrong in rows:
        record = Record({}, line=line)
        records.append(record)
        if row is None:
            problems.note(record, None, *wrong)
        else:
            record.values = csv_values(row, record, problems)
    return records


def csv_values(row, record, problems):
    """A CSV row as the values a GeoJSON feature gives (lists, booleans, numbers, hours); a
    column the file does not have is not among them (what is stored stays)."""
    values = {name: row[name] for name in TEXTS if name in row}
    for name in LISTS:
        if name in row:
            values[name] = split_list(row[name], LIST_SEPARATOR)
    if "organisation" in row:
        values["organisation"] = row["organisation"] or None
    contact = row.get("uses_centre_contact")
    if contact is not None and contact.casefold() in YES_NO:
        values["uses_centre_contact"] = contact.casefold() in YES
    elif contact is not None:
        problems.note(record, "uses_centre_contact", f"{shown(contact)} non reconnu", "oui ou non")
    if "longitude" in row or "latitude" in row:
        values["coordinates"] = csv_point(row, record, problems)
    if "opening_hours" in row:
        values["opening_hours"] = csv_hours(row["opening_hours"], record, problems)
    return values


def csv_point(row, record, problems):
    """[longitude, latitude] of a row (a missing column counts as an empty cell)."""
    point = []
    for name in ("longitude", "latitude"):
        cell = row.get(name, "").replace(",", ".")  # a French spreadsheet's decimal comma
        if cell == "":
            point.append(None)
            continue
        try:
            point.append(float(cell))
        except ValueError:
            problems.note(record, name, f"{shown(row[name])} n'est pas un nombre", "par ex. 4.8675")
            point.append(None)
    return point


def csv_hours(cell, record, problems):
    """The periods of an opening_hours cell, as a GeoJSON feature gives them."""
    hours = []
    for text in split_list(cell, LIST_SEPARATOR):
        match = CSV_PERIOD.fullmatch(text)
        if match is None:
            problems.note(
                record,
                "opening_hours",
                f"plage {shown(text)} illisible",
                "jour HH:MM-HH:MM, par ex. « lundi 09:00-12:00 », plages séparées par « | »",
            )
        else:
            hours.append(match.groupdict())
    return hours


# GeoJSON --------------------------------------------------------------------------------


def read_geojson(data, problems):
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFileError(
            ["Le fichier doit être une FeatureCollection GeoJSON, comme l'export du répertoire."]
        )
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportFileError(["$.features : une liste d'entités (Feature) est attendue."])
    if len(features) > LIMITS.max_rows():
        raise ImportFileError([LIMITS.too_many("fiches")])
    if not features:
        raise ImportFileError(["$.features est vide : aucune fiche à importer."])
    return [feature_record(feature, index, problems) for index, feature in enumerate(features)]


def feature_record(feature, index, problems):
    record = Record({}, index=index)
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        problems.note(record, None, "ce n'est pas une entité GeoJSON", '{"type": "Feature", …}')
        return record
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        problems.note(record, None, "propriétés absentes", "un objet « properties »")
        return record
    values = {}
    for name, value in properties.items():
        if name not in PROPERTIES:
            problems.note(record, name, "propriété inconnue", ", ".join(PROPERTIES))
        elif name in TEXTS:
            values[name] = typed(value, str, "", record, name, "un texte", problems)
        elif name in LISTS:
            items = typed(value, list, [], record, name, "une liste de textes", problems)
            values[name] = [item.strip() for item in items if isinstance(item, str)]
            if any(not isinstance(item, str) for item in items):
                problems.note(record, name, "un élément n'est pas un texte", "une liste de textes")
        elif name == "uses_centre_contact":
            values[name] = typed(value, bool, False, record, name, "true ou false", problems)
        elif name == "organisation":
            values[name] = typed(value, str, "", record, name, "un texte ou null", problems) or None
        elif name == "opening_hours":
            values[name] = typed(value, list, [], record, name, "une liste de plages", problems)
    if "geometry" in feature:  # RFC 7946 requires it; without it, the position stays
        values["coordinates"] = feature_point(feature["geometry"], record, problems)
    record.values = values
    return record


def typed(value, kind, empty, record, name, expected, problems):
    """The value if it is of `kind` (a text stripped), `empty` for null; else noted."""
    if value is None:
        return empty
    if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
        return value.strip() if isinstance(value, str) else value
    problems.note(record, name, f"{shown(value)} n'est pas du bon type", expected)
    return empty


def feature_point(geometry, record, problems):
    """[longitude, latitude] of a Point geometry, [None, None] for null."""
    if geometry is None:
        return [None, None]
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if (
        not isinstance(geometry, dict)
        or geometry.get("type") != "Point"
        or not isinstance(coordinates, list)
        or len(coordinates) not in (2, 3)  # RFC 7946 allows an altitude, which is ignored
        or not all(is_number(c) for c in coordinates)
    ):
        problems.note(
            record,
            "geometry",
            f"{shown(geometry)} n'est pas un point",
            '{"type": "Point", "coordinates": [longitude, latitude]} ou null',
        )
        return [None, None]
    return [float(coordinates[0]), float(coordinates[1])]


def is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


# Checks common to both formats ----------------------------------------------------------


class DirectoryImporter:
    """Checks a whole file, then writes it (nothing is written if anything is wrong)."""

    def __init__(self, directory):
        self.directory = directory
        self.vocabulary = Vocabulary()
        self.refs = set(DirectoryEntryPage.objects.values_list("ref", flat=True))
        # Addresses taken under the directory page, by pages that are not the file's refs.
        self.slugs = dict(Page.objects.child_of(directory).values_list("slug", "title"))

    def check(self, records, problems):
        """[EntryData] of the records, or ImportFileError listing every problem."""
        entries = []
        first_place = {}  # ref: where the file gives it first
        for record in records:
            entry = self.entry(record, problems)
            if entry is None:
                continue
            if entry.ref in first_place:
                problems.note(
                    record,
                    "ref",
                    f"la fiche « {entry.ref} » figure deux fois dans le fichier (aussi "
                    f"{first_place[entry.ref]})",
                    "un identifiant différent par fiche",
                )
            else:
                first_place[entry.ref] = record.where()[0]
            entries.append(entry)
        if problems:
            raise ImportFileError(problems.lines())
        return entries

    def entry(self, record, problems):
        """The EntryData of a record, its problems noted (None if it has no values)."""
        values = record.values
        if not values:
            return None
        for name, value in values.items():
            if isinstance(value, str) and "\x00" in value:
                problems.note(record, name, "caractère nul (U+0000) interdit")
            if name in MAX_LENGTHS and isinstance(value, str) and len(value) > MAX_LENGTHS[name]:
                problems.note(
                    record,
                    name,
                    f"{len(value)} caractères",
                    f"{MAX_LENGTHS[name]} caractères au plus",
                )
        for name in REQUIRED:
            if not values.get(name):
                problems.note(record, name, "valeur manquante", "une valeur non vide")
        ref = values.get("ref", "")
        if ref and not REF.fullmatch(ref):
            problems.note(
                record, "ref", f"{shown(ref)} invalide", "lettres sans accent, chiffres et tirets"
            )
        elif ref and ref not in self.refs and slugify(ref) in self.slugs:
            problems.note(
                record,
                "ref",
                f"l'adresse « {slugify(ref)} » est déjà celle de la page "
                f"« {self.slugs[slugify(ref)]} »",
                "l'identifiant d'une fiche existante, ou un identifiant nouveau",
            )
        postcode = values.get("postcode", "")
        if postcode and not postcode_validator.regex.search(postcode):
            problems.note(record, "postcode", f"{shown(postcode)} invalide", "quatre chiffres")
        self.check_point(record, values.get("coordinates", [None, None]), problems)
        email = values.get("email", "")
        if email and not values.get("uses_centre_contact"):
            try:
                validate_email(email)
            except ValidationError:
                problems.note(record, "email", f"{shown(email)} invalide", "une adresse e-mail")
        website = values.get("website", "")
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                problems.note(
                    record, "website", f"{shown(website)} invalide", "une adresse https://…"
                )
        hours = values.get("opening_hours", [])
        for index, key, problem in hours_problems(hours):
            problems.note(record, "opening_hours", f"plage {index + 1}, {key or ''} : {problem}")
        # What the file does not give (a column it lacks) stays as stored.
        longitude, latitude = values.get("coordinates", (KEEP, KEEP))
        entry = EntryData(
            ref=ref,
            name=values.get("name", ""),
            kind=values.get("kind", ""),
            latitude=latitude,
            longitude=longitude,
            hours=values.get("opening_hours", KEEP),
            **{name: values.get(name, KEEP) for name in OPTIONAL},
        )
        if values.get("kind"):
            _values, unknown = self.vocabulary.resolve(
                EntryData(**{**vars(entry), "hours": KEEP})  # the hours are checked above
            )
            for name, problem in unknown:
                problems.note(record, name, problem)
        return entry

    @staticmethod
    def check_point(record, point, problems):
        longitude, latitude = point
        if (longitude is None) != (latitude is None):
            problems.note(
                record,
                "coordinates",
                "une seule des deux coordonnées est donnée",
                "la longitude et la latitude, ou aucune des deux",
            )
            return
        for value, name, limit in ((longitude, "longitude", 180), (latitude, "latitude", 90)):
            if value is not None and not (math.isfinite(value) and -limit <= value <= limit):
                problems.note(
                    record,
                    name if record.line is not None else "coordinates",
                    f"{name} {value} hors limites",
                    f"un nombre de -{limit} à {limit}",
                )

    def write(self, entries):
        """Write checked entries; returns the writer (its created and updated pages)."""
        writer = EntryWriter(self.directory, keep_edits=False, vocabulary=self.vocabulary)
        with transaction.atomic():
            for entry in entries:
                writer.write(entry)
        return writer
