"""Loads the shared audiences of data/audiences.yaml; called by load_initial_content.

Creates the audiences that are missing (matched by name). An audience has no field the data
sets besides its name: the data renames one only where it names a former name
(`former_names`, a transcription corrected) and no person has saved it.
"""

from pathlib import Path

import yaml
from django.utils.text import slugify

from home.content_loader import LoadResult, edited_snippet

from .models import Audience

AUDIENCES_FILE = Path(__file__).resolve().parent / "data" / "audiences.yaml"


def read_audiences():
    """The data file's audiences: a list of {key, name}."""
    with AUDIENCES_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def named_snippet(model, item, defaults=None):
    """(snippet, created): the snippet of `model` named as the data `item` names it.

    One stored under a former name of the item (`former_names`: a transcription the data
    corrected) takes the new name, and the slug that name gives, as a fresh load would give
    it, unless a person has saved it: then it stays as they left it.
    """
    found = model.objects.filter(name=item["name"]).first()
    if found is not None:
        return found, False
    for former in item.get("former_names", ()):
        found = model.objects.filter(name=former).first()
        if found is not None:
            if not edited_snippet(found):
                found.name = item["name"]
                slug = slugify(found.name)[:255]
                if not model.objects.filter(slug=slug).exclude(pk=found.pk).exists():
                    found.slug = slug
                found.save(update_fields=["name", "slug"])
            return found, False
    return model.objects.create(name=item["name"], **(defaults or {})), True


def load_audiences():
    """{key: Audience} for the data file's audiences, creating those missing."""
    return {item["key"]: named_snippet(Audience, item)[0] for item in read_audiences()}


def load(loader):
    """Entry point used by load_initial_content (`loader`: its ContentLoader)."""
    load_audiences()
    return LoadResult()
