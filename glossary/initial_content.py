"""Loads the acronyms of data/abbreviations.yaml; called by load_initial_content.

An acronym with a sourced expansion is published; one without stays a draft for staff. An
acronym a person has edited is never modified.
"""

from pathlib import Path

import yaml

from home.content_loader import LoadResult, edited_snippet

from .models import Abbreviation

DATA_FILE = Path(__file__).resolve().parent / "data" / "abbreviations.yaml"


def load(loader):
    """Entry point used by load_initial_content (`loader`: its ContentLoader)."""
    with DATA_FILE.open(encoding="utf-8") as stream:
        items = yaml.safe_load(stream)
    existing = {a.acronym: a for a in Abbreviation.objects.all()}
    for item in items:
        values = {
            "expansion": item.get("expansion", ""),
            "source": item.get("source", ""),
            "note": item.get("note", ""),
        }
        abbreviation = existing.get(item["acronym"])
        if abbreviation is None:
            abbreviation = Abbreviation(acronym=item["acronym"], live=False, **values)
            abbreviation.save()
        elif edited_snippet(abbreviation):
            continue
        elif all(getattr(abbreviation, name) == value for name, value in values.items()):
            if abbreviation.live == bool(values["expansion"]):
                continue
        else:
            for name, value in values.items():
                setattr(abbreviation, name, value)
        # Published only with a sourced expansion; otherwise a draft for staff.
        revision = abbreviation.save_revision(log_action=False)
        if abbreviation.expansion:
            revision.publish(log_action=False)
        elif abbreviation.live:
            abbreviation.unpublish(log_action=False)
    return LoadResult()
