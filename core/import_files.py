"""Reading a file staff give an import command (the plan's, the directory's): within a size
limit, in UTF-8, and with every problem reported at once, in French.

What is shared is what does not depend on the content: the limits of a file and their
settings (`ImportLimits`), the file's extension, size, encoding and JSON syntax, the rows of a
CSV export (`csv_rows`) and its list cells (`split_list`), how a value is quoted in a report,
and a report that lists each problem once in the order of the file. Each importer checks its
own content (ppli/importing/, directory/importer.py); both commands are `ImportCommand`s.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .spreadsheets import restore_cell
from .typography import thousands

# What a spreadsheet cell may hold where the export writes a yes or a no.
YES = frozenset({"oui", "true", "1", "yes", "vrai"})
NO = frozenset({"non", "false", "0", "no", "faux"})


class ImportFileError(Exception):
    """The file cannot be imported; `errors` lists every problem, in French."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


class ImportCommand(BaseCommand):
    """A management command that imports a file (import_plan, import_directory): the file's
    path, --dry-run, and a refusal that lists every problem; nothing is written then, and the
    command exits non-zero."""

    file_help = "fichier exporté depuis le site"

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument(
            "--dry-run", action="store_true", help="vérifie et compte sans rien enregistrer"
        )

    @staticmethod
    def refused(error):
        """The CommandError of a file refused (an ImportFileError): its problems, one a line."""
        return CommandError(
            f"Import refusé, rien n'a été modifié : {len(error.errors)} problème(s).\n- "
            + "\n- ".join(error.errors)
        )


JSON_SYNTAX = {
    "Expecting value": "une valeur est attendue",
    "Expecting property name enclosed in double quotes": (
        "un nom de propriété entre guillemets doubles est attendu"
    ),
    "Expecting ',' delimiter": "une virgule est attendue",
    "Expecting ':' delimiter": "un deux-points est attendu",
    "Unterminated string starting at": "un texte n'est pas fermé",
    "Invalid control character at": "caractère de contrôle interdit dans un texte",
    "Extra data": "données en trop après la fin du JSON",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Invalid \\uXXXX escape": "séquence \\uXXXX invalide",
}


def size_text(size):
    """A file size as a French reader writes it: "20,0 Mo", "1,5 Ko", "800 octets"."""
    for unit, scale in (("Mo", 1024 * 1024), ("Ko", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{size} octets"


def shown(value, csv_cell=False):
    """A value as a report quotes it: short, control characters made visible."""
    if value is None:
        return "une case vide" if csv_cell else "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:60] + "…"
        text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
        return f"« {text} »"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:60] + "…"


@dataclass(frozen=True)
class ImportLimits:
    """How large a file an import reads and how many rows, each a default that a setting
    changes (`<setting_prefix>_MAX_BYTES`, `<setting_prefix>_MAX_ROWS`), and what a file over
    them is told, in French.

    The limits refuse a mistaken file (a database dump, a generated file gone wrong) before it
    is read, with room for far more than the site holds."""

    setting_prefix: str  # "PPLI_IMPORT": settings PPLI_IMPORT_MAX_BYTES, PPLI_IMPORT_MAX_ROWS
    default_bytes: int
    default_rows: int
    advice: str  # after a refusal: "Vérifiez que c'est bien un export du répertoire."

    def max_bytes(self):
        return getattr(settings, f"{self.setting_prefix}_MAX_BYTES", self.default_bytes)

    def max_rows(self):
        return getattr(settings, f"{self.setting_prefix}_MAX_ROWS", self.default_rows)

    def too_big(self, size):
        return (
            f"Le fichier fait {size_text(size)} : la limite est de {size_text(self.max_bytes())} "
            f"(réglage {self.setting_prefix}_MAX_BYTES). {self.advice}"
        )

    def too_many(self, unit):
        """A file of more than the most rows, counted in `unit` ("fiches", "actions"…)."""
        return (
            f"Le fichier contient plus de {thousands(self.max_rows())} {unit} : c'est la limite "
            f"(réglage {self.setting_prefix}_MAX_ROWS). {self.advice}"
        )


def read_limited(path, extensions, limits, empty_message):
    """(extension without its dot, the file's bytes) of an import file, or ImportFileError.

    Refused before anything is parsed: an unknown extension, a missing or unreadable file, a
    file over the `limits` (ImportLimits), a file not in UTF-8 (a BOM is allowed), an empty
    file (`empty_message`).
    """
    max_bytes = limits.max_bytes()
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in extensions:
        allowed = " ou un ".join(f".{extension}" for extension in extensions)
        raise ImportFileError(
            [f"Extension « {path.suffix} » inconnue : le fichier doit être un {allowed}."]
        )
    try:
        if not path.is_file():
            if not path.exists():
                raise ImportFileError([f"Fichier introuvable : {path}."])
            raise ImportFileError([f"{path} n'est pas un fichier."])
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFileError([limits.too_big(size)])
        with path.open("rb") as stream:
            content = stream.read(max_bytes + 1)  # the file may have grown since stat()
    except PermissionError as error:
        raise ImportFileError([f"Fichier illisible : accès refusé à {path}."]) from error
    except OSError as error:
        raise ImportFileError([f"Fichier illisible : erreur de lecture de {path}."]) from error
    if len(content) > max_bytes:
        raise ImportFileError([limits.too_big(len(content))])
    try:
        # Decoded once to check it; the caller decodes again as it reads (a CSV file row by
        # row), rather than keeping the text and the bytes of a large file in memory.
        empty = not content.decode("utf-8-sig").strip()
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise ImportFileError(
            [
                f"Le fichier n'est pas encodé en UTF-8 (octet 0x{byte:02x} à la position "
                f"{error.start}) : enregistrez-le en UTF-8 (« CSV UTF-8 » dans un tableur)."
            ]
        ) from error
    if empty:
        raise ImportFileError([empty_message])
    return kind, content


def parse_json(text):
    """The JSON data of a text, or ImportFileError saying where its syntax is wrong."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        problem = JSON_SYNTAX.get(error.msg, "syntaxe invalide")
        raise ImportFileError(
            [f"JSON invalide, ligne {error.lineno}, colonne {error.colno} : {problem}."]
        ) from error
    except RecursionError as error:
        raise ImportFileError(["JSON invalide : trop de niveaux imbriqués."]) from error
    except ValueError as error:  # a number of more digits than Python converts
        raise ImportFileError(["JSON invalide : un nombre a trop de chiffres."]) from error


def problem_line(where, problem, expected=None):
    """A line of a report: "ligne 3, colonne « email » : … invalide (attendu : …)."."""
    return f"{where} : {problem}" + (f" (attendu : {expected})" if expected else "") + "."


def csv_place(line, column=None):
    """Where a CSV cell or row is, as its reader finds it in a spreadsheet."""
    return f"ligne {line}, colonne « {column} »" if column else f"ligne {line}"


class ProblemList:
    """Problems of a file, each once, listed in the order of the file: `add(key, text)`
    where `key` sorts (a line and column index, a feature index…)."""

    def __init__(self):
        self.problems = {}

    def __bool__(self):
        return bool(self.problems)

    def add(self, key, text):
        self.problems.setdefault(text, key)

    def lines(self):
        return sorted(self.problems, key=lambda text: (self.problems[text], text))


def check_header(header, columns, required=None):
    """Refuse a CSV header row that misses a required column, or names an unknown or doubled
    one: every problem at once, then which columns the file may name."""
    required = columns if required is None else required
    problems = []
    missing = [column for column in required if column not in header]
    if missing:
        problems.append(f"Colonnes manquantes : {', '.join(missing)}.")
    unknown = [name for name in header if name not in columns]
    if unknown:
        problems.append(f"Colonnes inconnues : {', '.join(unknown) or '(sans nom)'}.")
    doubled = sorted({name for name in header if header.count(name) > 1})
    if doubled:
        problems.append(f"Colonnes en double : {', '.join(doubled)}.")
    if problems:
        optional = f" (obligatoires : {', '.join(required)})" if required != columns else ""
        problems.append(
            "La ligne 1 doit nommer les colonnes de l'export, dans n'importe quel ordre : "
            + ", ".join(columns)
            + optional
            + "."
        )
        raise ImportFileError(problems)


def csv_rows(stream, columns, limits, unit, header_only, required=None):
    """Each row of a CSV export that is not empty, as (line, row, wrong): `row` maps each column
    of the header to its cell, restored (core/spreadsheets.py) and stripped. A row that has not
    one cell per column comes as (line, None, (problem, expected)), for the importer to report
    where it reports its own problems.

    The reading stops (ImportFileError) at a header that misses a column (`required`: those a
    file must have, by default all), names an unknown one or one twice; at the row past the
    `limits` (their `too_many`, in `unit`); at a cell over the csv module's size limit; after
    the header when no row follows (`header_only`).
    """
    reader = csv.reader(stream)
    count = 0
    try:
        header = [name.strip() for name in next(reader, [])]
        check_header(header, columns, required)
        max_rows = limits.max_rows()
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # an empty row of the spreadsheet
            count += 1
            if count > max_rows:
                raise ImportFileError([limits.too_many(unit)])
            if len(cells) != len(header):
                problem = f"{len(cells)} case(s) sur la ligne, l'en-tête a {len(header)} colonnes"
                yield line, None, (problem, "une case par colonne de l'en-tête")
                continue
            # The export marks a formula-like text with an apostrophe (core/spreadsheets.py).
            cells = [restore_cell(cell).strip() for cell in cells]
            yield line, dict(zip(header, cells, strict=True)), None
    except csv.Error as error:
        # The csv module's one error with the default dialect: a cell over its size limit
        # (often a quote opened and never closed, which runs to the end of the file).
        raise ImportFileError(
            [
                f"CSV illisible vers la ligne {reader.line_num} du fichier : une case dépasse "
                f"{thousands(csv.field_size_limit())} caractères (un guillemet jamais refermé ?)."
            ]
        ) from error
    if not count:
        raise ImportFileError([header_only])


def split_list(cell, separator):
    """The items of a CSV cell that joins them with `separator` (as the export writes lists),
    each stripped, the empty ones left out. The separator's spaces are optional."""
    return [item.strip() for item in cell.split(separator.strip()) if item.strip()]
