"""The one writer of directory entries: the initial content and import_directory both use it.

An entry comes as plain values (`EntryData`: its kind, languages, audiences by name, its
thematics by slug or title, its organisation by name, its hours as {day, opens, closes});
`Vocabulary` turns those names into the site's snippets and pages, and says which names are
unknown, so the import can report them all before anything is written. `EntryWriter` creates
or updates the entry with that `ref`, through home.content_loader.PageWriter:
keep_edits=True (initial content) leaves an entry a person has edited as it is;
keep_edits=False (an import) writes the data over it, logged.

A draft (`EntryData.draft`) is created unpublished: its changes are saved as a revision, for
staff to complete and publish. An entry already live is published as before.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.utils.text import slugify

from home.content_loader import PageWriter
from taxonomies.models import Audience
from thematiques.models import ThematicPage

from .models import (
    SCHEMA_DAYS,
    DirectoryEntryPage,
    Language,
    OpeningHours,
    ServiceKind,
    Weekday,
)

# Six decimals, as the model stores them (about ten centimetres).
COORDINATE_STEP = Decimal("0.000001")
# A weekday as a file may name it: its ISO number, its French name (CSV) or its English one
# (GeoJSON, schema.org's days).
WEEKDAYS = {str(day.value): day.value for day in Weekday}
WEEKDAYS.update({str(day.label).casefold(): day.value for day in Weekday})
WEEKDAYS.update({name.casefold(): number for number, name in SCHEMA_DAYS.items()})


class Keep:
    """A value the data does not give (an import file without that column): what is stored
    stays, and a new entry gets the model's default."""

    def __repr__(self):
        return "KEEP"


KEEP = Keep()


@dataclass
class EntryData:
    """A directory entry as plain values, as a data file or an import file gives it; any
    value but the first three may be KEEP."""

    ref: str
    name: str
    kind: str  # a kind's name or slug
    description: str = ""
    street: str = ""
    postcode: str = ""
    commune: str = ""
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None
    # The centre's own office: phone and e-mail come from the site's settings, and the
    # entry's own are left as they are.
    uses_centre_contact: bool = False
    phone: str = ""
    email: str = ""
    website: str = ""
    languages: list = field(default_factory=list)  # names
    audiences: list = field(default_factory=list)  # names
    thematics: list = field(default_factory=list)  # slugs or titles
    organisation: str | None = None  # a PPLI partner's name
    hours: list = field(default_factory=list)  # [{"day": …, "opens": "09:00", "closes": …}]
    body: list | None = None  # StreamField data; None: the body is left as it is
    draft: bool = False


# The page's fields, and the EntryData attribute that gives each.
PAGE_FIELDS = {
    "title": "name",
    "ref": "ref",
    "kind": "kind",
    "description": "description",
    "street": "street",
    "postcode": "postcode",
    "commune": "commune",
    "latitude": "latitude",
    "longitude": "longitude",
    "uses_centre_contact": "uses_centre_contact",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "languages": "languages",
    "audiences": "audiences",
    "thematics": "thematics",
    "organisation": "organisation",
}


def coordinate(value):
    """A latitude or longitude as the model stores it (None stays None)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(COORDINATE_STEP)


def weekday(value):
    """The ISO number of a day given as a number or a French or English name, or None."""
    if isinstance(value, bool):
        return None
    return WEEKDAYS.get(str(value).strip().casefold())


def clock_time(value):
    """A time given as "09:00" (or a time), or None if it is not one."""
    if isinstance(value, datetime.time):
        return value
    if not isinstance(value, str):
        return None
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.datetime.strptime(value.strip(), pattern).time()
        except ValueError:
            continue
    return None


def hours_problems(hours):
    """[(index of the period, its key, problem in French)] of a list of opening periods."""
    problems = []
    for index, period in enumerate(hours):
        if not isinstance(period, dict):
            problems.append((index, None, "une plage horaire doit donner day, opens et closes"))
            continue
        if weekday(period.get("day")) is None:
            problems.append(
                (index, "day", "jour inconnu (attendu : lundi… dimanche, Monday… Sunday ou 1 à 7)")
            )
        opens, closes = clock_time(period.get("opens")), clock_time(period.get("closes"))
        for key, value in (("opens", opens), ("closes", closes)):
            if value is None:
                problems.append((index, key, "heure invalide (attendu : HH:MM, par exemple 09:00)"))
        if opens and closes and opens >= closes:
            problems.append((index, "closes", "l'heure de fermeture doit suivre celle d'ouverture"))
    return problems


def opening_rows(hours):
    """Unsaved OpeningHours of valid periods, in the order the site lists them."""
    rows = sorted(
        (weekday(p["day"]), clock_time(p["opens"]), clock_time(p["closes"])) for p in hours
    )
    return [
        OpeningHours(weekday=day, opens=opens, closes=closes, sort_order=n)
        for n, (day, opens, closes) in enumerate(rows)
    ]


def by_names(objects, *attributes):
    """{casefolded name (or slug…): object}."""
    found = {}
    for item in objects:
        for attribute in attributes:
            found.setdefault(str(getattr(item, attribute)).casefold(), item)
    return found


class Vocabulary:
    """The kinds, languages, audiences, thematics and organisations an entry may name, read
    once: a whole file is resolved without a query per name."""

    def __init__(self):
        self.kinds = by_names(ServiceKind.objects.all(), "name", "slug")
        self.languages = by_names(Language.objects.all(), "name", "slug")
        self.audiences = by_names(Audience.objects.all(), "name", "slug")
        self.thematics = by_names(ThematicPage.objects.all(), "title", "slug")
        # A lazy reference, as the model's: the directory imports no code of the PPLI app.
        organisation_model = apps.get_model("ppli", "Organisation")
        self.organisations = by_names(organisation_model.objects.all(), "name")

    @staticmethod
    def known(table):
        """The names a report lists as the ones that exist."""
        return sorted({str(item) for item in table.values()}, key=str.casefold)

    def resolve(self, data):
        """(the page's field values, [(field, problem in French)]) of an EntryData; a value
        the data leaves as KEEP is not among them."""
        problems = []

        def one(table, value, field_name, unknown):
            item = table.get(str(value).strip().casefold())
            if item is None:
                names = ", ".join(self.known(table)) or "aucun"
                problems.append((field_name, f"{unknown} « {value} » (noms connus : {names})"))
            return item

        def many(table, values, field_name, unknown):
            found = [one(table, value, field_name, unknown) for value in values]
            return [item for item in found if item is not None]

        convert = {
            "kind": lambda v: one(self.kinds, v, "kind", "type de service inconnu"),
            "latitude": coordinate,
            "longitude": coordinate,
            "languages": lambda v: many(self.languages, v, "languages", "langue inconnue"),
            "audiences": lambda v: many(self.audiences, v, "audiences", "public inconnu"),
            "thematics": lambda v: many(self.thematics, v, "thematics", "thématique inconnue"),
            "organisation": lambda v: (
                one(self.organisations, v, "organisation", "organisation inconnue") if v else None
            ),
        }
        values = {}
        for name, attribute in PAGE_FIELDS.items():
            value = getattr(data, attribute)
            if value is not KEEP:
                values[name] = convert[name](value) if name in convert else value
        if data.uses_centre_contact is True:
            # The centre's own phone and e-mail are shown: the entry's are left as they are.
            values.pop("phone", None)
            values.pop("email", None)
        if data.hours is not KEEP:
            for index, key, problem in hours_problems(data.hours):
                problems.append(("opening_hours", f"plage {index + 1}, {key or ''} : {problem}"))
            if not problems:
                values["opening_hours"] = opening_rows(data.hours)
        if data.body is not None:
            values["body"] = data.body
        return values, problems


class EntryWriter(PageWriter):
    """Creates or updates directory entries by `ref`, under the directory page."""

    def __init__(self, directory, keep_edits=False, vocabulary=None):
        super().__init__(keep_edits)
        self.directory = directory
        self.vocabulary = vocabulary or Vocabulary()
        self.entries = {
            page.ref: page
            for page in DirectoryEntryPage.objects.select_related("kind", "organisation")
        }

    def current(self, page, name):
        if name == "opening_hours":
            return sorted((h.weekday, h.opens, h.closes) for h in page.opening_hours.all())
        return super().current(page, name)

    def wanted(self, model, name, value):
        if name == "opening_hours":
            return sorted((h.weekday, h.opens, h.closes) for h in value)
        return super().wanted(model, name, value)

    def write(self, data):
        """The entry of `data` (an EntryData), created or updated; ValueError, in French, if
        a name is unknown (an import has checked them all before)."""
        values, problems = self.vocabulary.resolve(data)
        if problems:
            raise ValueError(f"« {data.ref} » : " + " ; ".join(p for _, p in problems))
        page = self.entries.get(data.ref)
        if page is not None and not page.live:
            # A draft's latest text is in its revision, not in the page's row.
            page = page.get_latest_revision_as_object()
        page = self.save(
            page, DirectoryEntryPage, slugify(data.ref), values, self.directory, draft=data.draft
        )
        self.entries[data.ref] = page
        return page
