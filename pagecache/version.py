"""The code version, part of every cache key: a deploy makes every cached page stale.

A page cached by the previous code (another template, another menu structure, a fixed bug)
must not outlive the deploy, and nobody should have to remember to bump a number. The
version is the CODE_VERSION setting when the deploy gives one (a commit id, a release tag),
otherwise a hash of the project's own source files, computed once per process, on the first
cached request. Two servers running the same code compute the same hash, so they share
their cache entries.
"""

import hashlib
import os
import sys
from functools import cache, lru_cache
from importlib import import_module, metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings

# The files that decide what a page looks like.
SOURCE_SUFFIXES = (".py", ".html", ".css", ".js", ".yaml", ".yml", ".po")
# Folders whose files never change a served page (tests) or are not source (caches, builds).
SKIPPED_FOLDERS = {"tests", "__pycache__", "node_modules"}
# The project's distribution name (pyproject.toml), for an installation from the wheel.
DISTRIBUTION = "portail-cai"


def current():
    """A short tag of the code version, safe in any cache key."""
    configured = getattr(settings, "CODE_VERSION", "")
    return tag(configured) if configured else source_hash()


@lru_cache(maxsize=8)
def tag(configured):
    """A short, key-safe form of the configured CODE_VERSION (it may contain anything)."""
    return hashlib.sha256(str(configured).encode()).hexdigest()[:12]


def base_dir():
    """The project's folder."""
    return Path(settings.BASE_DIR).resolve()


def is_inside(path, folder):
    """True when ``path`` is ``folder`` or lies below it."""
    return path == folder or folder in path.parents


@cache
def project_apps():
    """The installed apps whose code is the project's own (not in the virtualenv)."""
    base = base_dir()
    environment = Path(sys.prefix).resolve()
    folders = {config: Path(config.path).resolve() for config in apps.get_app_configs()}
    return tuple(
        config
        for config, folder in folders.items()
        if is_inside(folder, base) and not is_inside(folder, environment)
    )


def excluded_folders():
    """Folders that are never source: the virtualenv, the tests, uploads, collected files."""
    collected = (settings.MEDIA_ROOT, settings.STATIC_ROOT)
    return [
        Path(sys.prefix).resolve(),
        base_dir() / "tests",
        *(Path(folder).resolve() for folder in collected if folder),
    ]


def source_roots():
    """The folders whose files make the code version: the project's apps, its settings and
    URLs package, its templates, static sources and translations."""
    roots = {Path(config.path) for config in project_apps()}
    roots.add(Path(import_module(settings.ROOT_URLCONF).__file__).parent)
    for engine in settings.TEMPLATES:
        roots.update(Path(folder) for folder in engine.get("DIRS", []))
    roots.update(Path(folder) for folder in getattr(settings, "STATICFILES_DIRS", []))
    roots.update(Path(folder) for folder in getattr(settings, "LOCALE_PATHS", []))
    base = base_dir()
    excluded = excluded_folders()
    return sorted(
        root
        for root in {folder.resolve() for folder in roots}
        if is_inside(root, base) and not any(is_inside(root, skip) for skip in excluded)
    )


def source_files(root, excluded):
    """The source files below ``root``, skipping tests, caches, hidden and excluded folders."""
    for folder, subfolders, names in os.walk(root):
        # Pruned in place, so os.walk never enters them (node_modules can be large).
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS
            and not name.startswith(".")
            and (Path(folder) / name).resolve() not in excluded
        ]
        for name in names:
            path = Path(folder) / name
            # is_file(): a dangling link must not stop every cached page from being served.
            if name.endswith(SOURCE_SUFFIXES) and path.is_file():
                yield path


@cache
def source_hash():
    """A hash of the project's source files, once per process."""
    excluded = set(excluded_folders())
    files = {path for root in source_roots() for path in source_files(root, excluded)}
    if not files:
        # Installed from the wheel (inside the virtualenv): its RECORD lists every file of
        # the package with its own hash.
        return installed_record_hash()
    return hash_files(files, base_dir())


def installed_record_hash():
    """A short hash of the installed distribution's RECORD (empty when not installed)."""
    try:
        record = metadata.distribution(DISTRIBUTION).read_text("RECORD") or ""
    except metadata.PackageNotFoundError:
        record = ""
    return hashlib.sha256(record.encode()).hexdigest()[:12]


def hash_files(files, base):
    """A short hash of the files' names (relative to ``base``) and contents."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
