"""Loads the shared audiences of data/audiences.yaml; called by load_initial_content.

Creates the audiences that are missing (matched by name) and never changes one: an audience
has no field the data sets besides its name, which staff may have edited.
"""

from pathlib import Path

import yaml

from home.content_loader import LoadResult

from .models import Audience

AUDIENCES_FILE = Path(__file__).resolve().parent / "data" / "audiences.yaml"


def read_audiences():
    """The data file's audiences: a list of {key, name}."""
    with AUDIENCES_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def load_audiences():
    """{key: Audience} for the data file's audiences, creating those missing."""
    return {
        item["key"]: Audience.objects.get_or_create(name=item["name"])[0]
        for item in read_audiences()
    }


def load(loader):
    """Entry point used by load_initial_content (`loader`: its ContentLoader)."""
    load_audiences()
    return LoadResult()
