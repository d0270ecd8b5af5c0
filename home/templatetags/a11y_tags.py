"""Template helpers that add what assistive technologies need to generated markup."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

IFRAME_WITHOUT_TITLE = re.compile(r"<iframe(?![^>]*\stitle=)", re.IGNORECASE)


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


@register.filter
def frame_title(embed_html, title):
    """Give provider iframes (YouTube, Vimeo…) the editor's title, which they usually lack."""
    return mark_safe(IFRAME_WITHOUT_TITLE.sub(f'<iframe title="{escape(title)}"', str(embed_html)))


@register.filter
def field_anchor(field):
    """The id an error summary links to: the field's input, or the first choice of a group of
    checkboxes or radio buttons, whose label is its legend (Django numbers the choices
    id_<name>_0, _1… and gives the group no id of its own)."""
    return field.id_for_label or f"{field.auto_id}_0"
