"""Loads the acronyms of data/abbreviations.yaml; called by load_initial_content.

An acronym with a sourced expansion is published; one without stays a draft for staff.
Existing acronyms are never modified.
"""

from pathlib import Path

import yaml

from .models import Abbreviation

DATA_FILE = Path(__file__).resolve().parent / "data" / "abbreviations.yaml"


def load(site, log):
    with DATA_FILE.open(encoding="utf-8") as stream:
        items = yaml.safe_load(stream)
    existing = set(Abbreviation.objects.values_list("acronym", flat=True))
    for item in items:
        if item["acronym"] in existing:
            continue
        abbreviation = Abbreviation(
            acronym=item["acronym"],
            expansion=item.get("expansion", ""),
            source=item.get("source", ""),
            note=item.get("note", ""),
            live=False,
        )
        abbreviation.save()
        revision = abbreviation.save_revision(log_action=False)
        if abbreviation.expansion:
            revision.publish(log_action=False)
    return []
