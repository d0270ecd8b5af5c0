"""Reading a file staff give an import command (the plan's, the directory's): within a size
limit, in UTF-8, and with every problem reported at once, in French.

What is shared is what does not depend on the content: the file's extension, size, encoding
and JSON syntax, how a value is quoted in a report, and a report that lists each problem once
in the order of the file. Each importer checks its own content (ppli/importer.py,
directory/importer.py).
"""

import json
from pathlib import Path


class ImportFileError(Exception):
    """The file cannot be imported; `errors` lists every problem, in French."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


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


def read_limited(path, extensions, max_bytes, limit_advice, empty_message):
    """(extension without its dot, the file's bytes) of an import file, or ImportFileError.

    Refused before anything is parsed: an unknown extension, a missing or unreadable file, a
    file over `max_bytes` (`limit_advice` says which setting raises the limit and what the
    file should be), a file not in UTF-8 (a BOM is allowed), an empty file (`empty_message`).
    """
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
            raise ImportFileError([too_big(size, max_bytes, limit_advice)])
        with path.open("rb") as stream:
            content = stream.read(max_bytes + 1)  # the file may have grown since stat()
    except PermissionError as error:
        raise ImportFileError([f"Fichier illisible : accès refusé à {path}."]) from error
    except OSError as error:
        raise ImportFileError([f"Fichier illisible : erreur de lecture de {path}."]) from error
    if len(content) > max_bytes:
        raise ImportFileError([too_big(len(content), max_bytes, limit_advice)])
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


def too_big(size, max_bytes, limit_advice):
    return f"Le fichier fait {size_text(size)} : la limite est de {size_text(max_bytes)} " + (
        limit_advice
    )


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
