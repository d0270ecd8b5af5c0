"""Open data: the directory's published entries as GeoJSON (RFC 7946) or CSV, next to its
page: <directory URL>export.geojson and export.csv (docs/donnees-ouvertes.md).

Both honour the list's GET filters (listing.filtered_entries), so a filtered list, its map and
its downloads show the same entries. Both are read back by import_directory (importer.py):
the CSV writes hours and lists in a form the import parses again.
"""

import json

from django.http import HttpResponse

from core.spreadsheets import csv_download, csv_text
from home.models import ContactSettings

from .models import SCHEMA_DAYS, Weekday

GEOJSON_CONTENT_TYPE = "application/geo+json"
LIST_SEPARATOR = " | "
# A period of the CSV: "lundi 09:00-12:00".
HOURS_FORMAT = "{day} {opens}-{closes}"
CSV_COLUMNS = [
    "ref",
    "name",
    "kind",
    "kind_slug",
    "description",
    "street",
    "postcode",
    "commune",
    "longitude",
    "latitude",
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
]


def with_relations(entries):
    """The entries with every relation an export shows, in a fixed number of queries."""
    return entries.select_related("kind", "organisation").prefetch_related(
        "languages", "audiences", "thematics", "opening_hours"
    )


def entry_properties(entry, centre, request):
    """The properties of an entry's feature (also the CSV's columns, before flattening)."""
    phone, email = entry.contact(centre)
    hours = sorted(entry.opening_hours.all(), key=lambda h: (h.weekday, h.opens))
    return {
        "ref": entry.ref,
        "name": entry.title,
        "kind": entry.kind.name,
        "kind_slug": entry.kind.slug,
        "description": entry.description,
        "street": entry.street,
        "postcode": entry.postcode,
        "commune": entry.commune,
        "uses_centre_contact": entry.uses_centre_contact,
        "phone": phone,
        "email": email,
        "website": entry.website,
        "languages": sorted((lang.name for lang in entry.languages.all()), key=str.casefold),
        "audiences": sorted((a.name for a in entry.audiences.all()), key=str.casefold),
        "thematics": sorted((t.title for t in entry.thematics.all()), key=str.casefold),
        "organisation": entry.organisation.name if entry.organisation else None,
        "opening_hours": [
            {
                "day": SCHEMA_DAYS[h.weekday],
                "opens": h.opens.strftime("%H:%M"),
                "closes": h.closes.strftime("%H:%M"),
            }
            for h in hours
        ],
        "url": entry.get_full_url(request),
    }


def entry_feature(entry, centre, request):
    """One RFC 7946 Feature: a Point [longitude, latitude], or no geometry (null)."""
    geometry = None
    if entry.has_point:
        geometry = {"type": "Point", "coordinates": [float(entry.longitude), float(entry.latitude)]}
    return {
        "type": "Feature",
        "id": entry.ref,
        "geometry": geometry,
        "properties": entry_properties(entry, centre, request),
    }


def feature_collection(entries, request):
    centre = ContactSettings.for_request(request)
    return {
        "type": "FeatureCollection",
        "features": [entry_feature(entry, centre, request) for entry in with_relations(entries)],
    }


def hours_text(hours):
    """Opening periods as a CSV cell: "lundi 09:00-12:00 | mardi 13:30-16:00"."""
    days = {SCHEMA_DAYS[day.value]: str(day.label) for day in Weekday}
    return LIST_SEPARATOR.join(
        HOURS_FORMAT.format(day=days[h["day"]], opens=h["opens"], closes=h["closes"]) for h in hours
    )


def feature_row(feature):
    """A feature as a CSV row: lists joined with LIST_SEPARATOR, yes/no as "oui"/"non"."""
    properties = feature["properties"]
    point = feature["geometry"]["coordinates"] if feature["geometry"] else ["", ""]
    row = {
        **properties,
        "longitude": point[0],
        "latitude": point[1],
        "uses_centre_contact": "oui" if properties["uses_centre_contact"] else "non",
        "organisation": properties["organisation"] or "",
        "opening_hours": hours_text(properties["opening_hours"]),
    }
    for name in ("languages", "audiences", "thematics"):
        row[name] = LIST_SEPARATOR.join(properties[name])
    return row


def entries_csv(entries, request):
    """The entries as CSV text; no cell runs as a formula in a spreadsheet
    (core/spreadsheets.py, undone by the import)."""
    rows = (feature_row(feature) for feature in feature_collection(entries, request)["features"])
    return csv_text(CSV_COLUMNS, ({column: row[column] for column in CSV_COLUMNS} for row in rows))


def geojson_response(entries, request):
    text = json.dumps(feature_collection(entries, request), ensure_ascii=False, indent=2)
    response = HttpResponse(text, content_type=f"{GEOJSON_CONTENT_TYPE}; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="repertoire-des-services.geojson"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_response(entries, request):
    return csv_download(entries_csv(entries, request), "repertoire-des-services.csv")
