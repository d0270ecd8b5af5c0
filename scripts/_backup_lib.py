"""Shared by scripts/backup and scripts/restore: configuration, PostgreSQL tools, checksums.

Standard library only, so both scripts run with any Python 3.11, in or out of the virtualenv.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DUMP_NAME = "base.dump"
MEDIA_NAME = "medias.tar"
SUMS_NAME = "SHA256SUMS"
BACKUP_FILES = (DUMP_NAME, MEDIA_NAME)
# Complete backups only: a backup being written lives in a hidden ".en-cours-…" folder.
BACKUP_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{6}$")

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
# Query parameters of DATABASE_URL that the PostgreSQL tools understand, as libpq variables.
LIBPQ_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class Failure(Exception):
    """An error explained to the operator, in French; the script stops with exit code 1."""


def run_main(main):
    """Run `main()`, turning a Failure into a French message on stderr and a non-zero exit."""
    try:
        main()
    except Failure as error:
        print(f"Erreur : {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        sys.exit(130)


def load_dotenv(path=ROOT / ".env"):
    """Read KEY=value lines of the project's .env without overriding the environment,
    as the settings do, so the scripts see the same configuration as the site."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


@dataclass
class Database:
    """A PostgreSQL database, reached through libpq variables (no password on a command line)."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    options: dict = field(default_factory=dict)

    def label(self):
        """How messages name it: never with the password."""
        where = f"{self.host or 'socket local'}{':' + self.port if self.port else ''}"
        return f"« {self.name} » ({where})"

    def environ(self, dbname=None):
        """The environment for pg_dump, pg_restore and psql, connected to `dbname` or ours."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        values = {
            "PGDATABASE": dbname or self.name,
            "PGHOST": self.host,
            "PGPORT": self.port,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            **self.options,
        }
        env.update({key: value for key, value in values.items() if value})
        return env


def parse_database_url(url, origin):
    """A Database from a django-environ style URL; `origin` names it in error messages."""
    if not url:
        raise Failure(f"{origin} est vide : indiquez l'adresse de la base PostgreSQL.")
    parts = urlsplit(url)
    if parts.scheme not in POSTGRES_SCHEMES:
        raise Failure(
            f"{origin} ne désigne pas une base PostgreSQL (schéma « {parts.scheme} ») : "
            "les sauvegardes utilisent pg_dump et pg_restore."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise Failure(f"{origin} ne précise pas le nom de la base.")
    try:
        port = str(parts.port or "")
    except ValueError as error:
        raise Failure(f"{origin} : port invalide.") from error
    query = dict(parse_qsl(parts.query))
    return Database(
        name=name,
        host=unquote(parts.hostname or ""),
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        options={LIBPQ_VARIABLES[k]: v for k, v in query.items() if k in LIBPQ_VARIABLES},
    )


def require_tools(*names):
    """Stop early, with the package to install, when a PostgreSQL client tool is missing."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        raise Failure(
            f"{', '.join(missing)} introuvable(s) : installez les outils clients de PostgreSQL "
            "(apt-get install postgresql-client), dans une version au moins égale à celle du "
            "serveur."
        )


def run(command, env, what, input_text=None):
    """Run a tool; its stdout is returned, and its stderr is shown if it fails."""
    result = subprocess.run(command, env=env, input=input_text, capture_output=True, text=True)
    if result.returncode != 0:
        details = result.stderr.strip() or result.stdout.strip()
        raise Failure(f"{what} a échoué (code {result.returncode}) :\n{details}")
    return result.stdout


def psql(database, sql, what, dbname=None, **variables):
    """Run SQL read from stdin (so :'name' variables are quoted by psql); unaligned output."""
    command = ["psql", "--no-psqlrc", "--no-align", "--tuples-only", "--quiet"]
    command += ["--set", "ON_ERROR_STOP=1"]
    for name, value in variables.items():
        command += ["--set", f"{name}={value}"]
    return run(command, database.environ(dbname), what, input_text=sql).strip()


def sha256(path):
    """Hex SHA-256 of a file, read in chunks (media archives can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_checksums(folder):
    """SHA256SUMS in sha256sum's format, so `sha256sum -c` can check a copy too."""
    lines = [f"{sha256(folder / name)}  {name}\n" for name in BACKUP_FILES]
    (folder / SUMS_NAME).write_text("".join(lines), encoding="utf-8")


def verify_checksums(folder):
    """Refuse a backup whose files are missing, truncated or altered."""
    for name in BACKUP_FILES:
        if not (folder / name).is_file():
            raise Failure(f"{folder} n'est pas une sauvegarde complète : {name} manque.")
    sums = folder / SUMS_NAME
    if not sums.is_file():
        raise Failure(f"{folder} : {SUMS_NAME} manque, impossible de vérifier la sauvegarde.")
    for line in sums.read_text(encoding="utf-8").splitlines():
        expected, name = line.split(maxsplit=1)
        if sha256(folder / name) != expected:
            raise Failure(f"{folder / name} est altéré (somme de contrôle différente).")


def human_size(path):
    """A file's size for people: « 12,3 Mo »."""
    size = path.stat().st_size
    for unit in ("octets", "Ko", "Mo", "Go"):
        if size < 1024 or unit == "Go":
            text = f"{size:.1f}".replace(".", ",") if unit != "octets" else str(size)
            return f"{text} {unit}"
        size /= 1024
