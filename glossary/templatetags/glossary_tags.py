"""`{{ text|abbr:glossary }}`: plain text with its acronyms explained on first use."""

from django import template
from django.utils.html import escape

register = template.Library()


@register.filter
def abbr(text, marker):
    """Escape `text` and mark its acronyms; without a marker, only escape it."""
    if marker is None or marker == "":
        return escape(text or "")
    return marker.mark(text)
