"""Loads the acronyms of data/abbreviations.yaml and the search synonyms of
data/synonyms.yaml; called by load_initial_content.

An acronym with a sourced expansion is published; one without stays a draft for staff. An
acronym a person has edited is never modified.
"""

from pathlib import Path

import yaml

from home.content_loader import LoadResult, edited_snippet

from .models import Abbreviation, SearchSynonym

DATA_FILE = Path(__file__).resolve().parent / "data" / "abbreviations.yaml"
SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.yaml"


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
    load_synonyms(loader)
    return LoadResult()


def load_synonyms(loader):  # noqa: ARG001 (the loaders' signature)
    """Adds the search synonyms of data/synonyms.yaml that are not there yet (by their first
    expression); a line staff have changed or removed is never brought back as it was."""
    with SYNONYMS_FILE.open(encoding="utf-8") as stream:
        items = yaml.safe_load(stream)
    known = {
        synonym.expressions()[0].casefold()
        for synonym in SearchSynonym.objects.all()
        if synonym.expressions()
    }
    for item in items:
        if item["terms"][0].casefold() in known:
            continue
        synonym = SearchSynonym(terms="\n".join(item["terms"]), note=item.get("note", ""))
        synonym.full_clean()
        synonym.save()
    return LoadResult()
