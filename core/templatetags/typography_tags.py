"""The `typographie` filter: French spacing and apostrophes (core/typography.py)."""

from django import template

from core.typography import typographie as _typographie

register = template.Library()


@register.filter(is_safe=True)
def typographie(value):
    """French no-break spaces and ’ in text or rendered HTML; plain text is escaped first."""
    return _typographie(value)
