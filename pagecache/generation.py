"""The content generation: a number in the cache that every cached page and fragment names.

Publishing, unpublishing, moving or deleting a page, or saving a snippet, a setting, an
image or a document, bumps it: every cached page and fragment is then stale at once. A page
shows content from many others (an action appears on its thematic pages and on the plan
overview), so invalidating everything is the only rule that is always right; on a site
edited a few times a day it costs little.
"""

from django.core.cache import cache

KEY = "pagecache:generation"


def current():
    """The current generation (one cache read)."""
    generation = cache.get(KEY)
    if generation is None:
        # add() so that two processes starting together agree on the first value.
        cache.add(KEY, 1, timeout=None)
        generation = cache.get(KEY, 1)
    return generation


def bump():
    """Make every cached page and fragment stale."""
    try:
        cache.incr(KEY)
    except ValueError:  # no generation yet (cache emptied or restarted)
        cache.add(KEY, 1, timeout=None)
        cache.incr(KEY)
