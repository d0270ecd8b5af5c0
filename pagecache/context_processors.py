"""The content generation, for the {% cache %} fragments of the templates."""

from django.utils.functional import SimpleLazyObject

from . import generation


def page_cache(request):
    """``cache_generation``: read from the cache only by templates that use it."""
    return {"cache_generation": SimpleLazyObject(generation.current)}
