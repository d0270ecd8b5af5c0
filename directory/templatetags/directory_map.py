"""The map's tile server, from settings, for the public map and the admin's point picker."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def directory_tiles():
    """{url, attribution}: passed to the scripts as data- attributes (no inline script)."""
    return {
        "url": settings.DIRECTORY_TILE_URL,
        "attribution": settings.DIRECTORY_TILE_ATTRIBUTION,
    }
