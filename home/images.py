"""Responsive images: the {% picture %} specs of the templates, for the views that prefetch them.

Each template writes the same spec with spaces (``{% picture img fill-{320x180,640x360}
format-{avif,webp,jpeg} %}``); a listing prefetches every rendition of that spec so its
query count does not grow with the number of images. AVIF and WebP for browsers that take
them, JPEG (PNG for logos) as the fallback; the fallback <img> carries width and height.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

CARD = "fill-{320x180,640x360}|format-{avif,webp,jpeg}"
PORTRAIT = "fill-{160x160,320x320}|format-{avif,webp,jpeg}"


def renditions(spec):
    """Every filter spec a {% picture %} with ``spec`` renders."""
    return Filter.expand_spec(spec)


def prefetch_image(lookup, spec):
    """Prefetch the image at ``lookup`` with all the renditions ``spec`` needs."""
    return Prefetch(lookup, get_image_model().objects.prefetch_renditions(*renditions(spec)))
