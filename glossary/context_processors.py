"""`glossary` in every template: marks acronyms on their first use in the page."""

from .marking import AbbreviationMarker


def glossary(request):
    # A new marker per rendered page; it reads the acronyms only if a template uses it.
    return {"glossary": AbbreviationMarker()}
