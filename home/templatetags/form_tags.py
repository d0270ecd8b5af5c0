"""Template helpers for accessible forms."""

from django import template

register = template.Library()


@register.filter
def described_widget(field):
    """Render a field's widget tied to its help text and error message for screen readers."""
    ids = []
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    return field.as_widget(attrs=attrs)
