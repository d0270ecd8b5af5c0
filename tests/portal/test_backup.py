"""A backup restores: scripts/backup, then scripts/restore into a new database and folder,
gives back the same pages, documents and media (on a scratch copy, never the test database)."""

import hashlib
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the backups are pg_dump / pg_restore of a PostgreSQL database "
    "(runs in CI's PostgreSQL pass)",
)

# Services the scratch site must not reach, blanked so a developer's .env cannot add them.
BLANKED = ["REDIS_URL", "CACHE_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL", "EMAIL_URL"]
DROPPED = ["TASKS_BACKEND", "BACKUP_DIR", "BACKUP_KEEP", "DJANGO_ALLOW_ASYNC_UNSAFE"]
EXTRA_MEDIA = Path("original_images") / "photo-equipe.bin"
# Both commands in one process: Django starts once (the test should stay well under 90 s).
BUILD = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); "
    "call_command('load_initial_content', verbosity=0)"
)


def on_server(statement):
    """Run CREATE/DROP DATABASE on the test server (outside any transaction, as they need)."""
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def database_url(name):
    """DATABASE_URL for database `name` on the test server, with the test's credentials."""
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST'] or ''}{port}/{name}"


@pytest.fixture
def scratch_names():
    """Names for a source and a restored database, both dropped when the test ends."""
    token = secrets.token_hex(4)
    names = (f"portail_cai_backup_{token}_src", f"portail_cai_backup_{token}_restored")
    yield names
    for name in names:
        on_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(**variables):
    """This process's environment without the site's services, plus `variables`."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED and not k.startswith("PG")}
    env.update(dict.fromkeys(BLANKED, ""))
    env.update(variables)
    return env


def run(*command, env, check=True):
    """Run a command from the project root; show its output when it fails unexpectedly."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    if check:
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def build_site(name, media_root):
    """A scratch site: migrated, initial content loaded (with its PDF), one more media file."""
    on_server(f'CREATE DATABASE "{name}"')
    env = environment(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=database_url(name),
        MEDIA_ROOT=str(media_root),
    )
    run(sys.executable, "-c", BUILD, env=env)
    (media_root / EXTRA_MEDIA).parent.mkdir(parents=True, exist_ok=True)
    (media_root / EXTRA_MEDIA).write_bytes(secrets.token_bytes(50_000))


def snapshot(name, media_root):
    """What must survive a restore: migrations, pages, a title, documents and their files."""
    conn = psycopg2.connect(database_url(name))
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        migrations = cursor.fetchone()[0]
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE live) FROM wagtailcore_page")
        pages = cursor.fetchone()
        cursor.execute("SELECT title FROM wagtailcore_page WHERE slug = 'plan-2017-2020'")
        plan_title = cursor.fetchone()[0]
        cursor.execute(
            "SELECT title, file, md5(extracted_text) FROM resources_portaldocument ORDER BY id"
        )
        documents = [
            (title, file, text, digest(media_root / file))
            for title, file, text in cursor.fetchall()
        ]
    conn.close()
    return {
        "migrations": migrations,
        "pages": pages,
        "plan_title": plan_title,
        "documents": documents,
        "extra_media": digest(media_root / EXTRA_MEDIA),
    }


def digest(path):
    """SHA-256 of a file, or None if it is missing."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.slow  # a minute or more: out of the fast lane
def test_backup_restores_into_a_new_database_and_folder(scratch_names, tmp_path):
    source, restored = scratch_names
    source_media, restored_media = tmp_path / "media", tmp_path / "media-restauree"
    backups = tmp_path / "sauvegardes"
    build_site(source, source_media)

    run(
        sys.executable,
        "scripts/backup",
        env=environment(
            DATABASE_URL=database_url(source),
            MEDIA_ROOT=str(source_media),
            BACKUP_DIR=str(backups),
        ),
    )
    [backup] = list(backups.iterdir())
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "base.dump", "medias.tar"]

    restore = [sys.executable, "scripts/restore", str(backup), "--database-url"]
    run(*restore, database_url(restored), "--media-root", str(restored_media), env=environment())

    expected = snapshot(source, source_media)
    assert expected["pages"][0] > 100
    assert expected["plan_title"] == "Plan d'action 2017-2020"
    assert expected["documents"] and all(doc[3] for doc in expected["documents"])
    assert snapshot(restored, restored_media) == expected

    # A second restore over the now non-empty database is refused without --force.
    again = run(
        *restore,
        database_url(restored),
        "--media-root",
        str(tmp_path / "autre-dossier"),
        env=environment(),
        check=False,
    )
    assert again.returncode != 0
    assert "restauration refusée" in again.stderr
    assert snapshot(restored, restored_media) == expected
