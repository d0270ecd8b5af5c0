"""scripts/backup and scripts/restore without a server: configuration, rotation, refusals.

The full backup-and-restore round trip is tests/portal/test_backup.py (PostgreSQL only).
"""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from _backup_lib import Failure, parse_database_url  # noqa: E402 - a script's helper

BACKUP = runpy.run_path(str(ROOT / "scripts" / "backup"), run_name="backup_script")


def test_a_local_socket_url_leaves_the_host_to_libpq():
    database = parse_database_url("postgres://portail@/portail_cai", "DATABASE_URL")
    env = database.environ()
    assert (env["PGDATABASE"], env["PGUSER"]) == ("portail_cai", "portail")
    assert "PGHOST" not in env and "PGPASSWORD" not in env


def test_the_password_goes_to_the_environment_never_to_messages():
    url = "postgresql://cai:p%40ss%2Fword@db.internal:5433/portail?sslmode=require&foo=1"
    database = parse_database_url(url, "DATABASE_URL")
    env = database.environ(dbname="postgres")
    assert env["PGPASSWORD"] == "p@ss/word"
    assert (env["PGHOST"], env["PGPORT"], env["PGDATABASE"]) == ("db.internal", "5433", "postgres")
    assert env["PGSSLMODE"] == "require"
    assert "p@ss" not in database.label()


def test_inherited_libpq_variables_are_not_mixed_in(monkeypatch):
    monkeypatch.setenv("PGHOST", "elsewhere")
    monkeypatch.setenv("PGSERVICE", "other")
    env = parse_database_url("postgres://u@/db", "DATABASE_URL").environ()
    assert "PGHOST" not in env and "PGSERVICE" not in env


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "est vide"),
        ("sqlite:///db.sqlite3", "ne désigne pas une base PostgreSQL"),
        ("postgres://u@localhost/", "ne précise pas le nom"),
        ("postgres://u@localhost:port/db", "port invalide"),
    ],
)
def test_unusable_urls_are_explained(url, message):
    with pytest.raises(Failure, match=message):
        parse_database_url(url, "DATABASE_URL")


def test_rotation_keeps_the_most_recent_complete_backups(tmp_path):
    names = ["2025-01-01_023000", "2025-01-02_023000", "2025-01-03_023000", "2025-01-04_023000"]
    for name in [*names, ".en-cours-2025-01-05_023000", "notes"]:
        (tmp_path / name).mkdir()
    removed = BACKUP["prune"](tmp_path, keep=2)
    assert removed == names[:2]
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == [".en-cours-2025-01-05_023000", *names[2:], "notes"]


def run_script(name, *args, **variables):
    """Run one of the scripts with a clean configuration plus `variables`."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    env.update(variables)
    return subprocess.run(
        [sys.executable, f"scripts/{name}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_backup_refuses_a_database_other_than_postgresql(tmp_path):
    result = run_script("backup", DATABASE_URL="sqlite:///db.sqlite3", BACKUP_DIR=str(tmp_path))
    assert result.returncode == 1
    assert "Erreur : DATABASE_URL ne désigne pas une base PostgreSQL" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_restore_refuses_an_incomplete_backup(tmp_path):
    (tmp_path / "base.dump").write_bytes(b"")
    result = run_script(
        "restore",
        str(tmp_path),
        "--database-url",
        "postgres://u@/cible",
        "--media-root",
        str(tmp_path / "medias"),
    )
    assert result.returncode == 1
    assert "n'est pas une sauvegarde complète : medias.tar manque" in result.stderr
