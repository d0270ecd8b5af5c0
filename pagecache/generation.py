"""The content generation: a name that every cached page and fragment carries in its key.

It joins the code version (version.py: a deploy makes everything stale) and a number in the
cache that content changes bump (signals.py): publishing, unpublishing, moving or deleting a
page, or saving a snippet, a setting, an image or a document. A page shows content from many
others (an action appears on its thematic pages and on the plan overview), so invalidating
everything is the only rule that is always right; on a site edited a few times a day it
costs little.
"""

from django.core.cache import cache

from . import version

KEY = "pagecache:generation"


def number():
    """The content generation number (one cache read)."""
    generation = cache.get(KEY)
    if generation is None:
        # add() so that two processes starting together agree on the first value.
        cache.add(KEY, 1, timeout=None)
        generation = cache.get(KEY, 1)
    return generation


def current():
    """The name of the current generation: code version and content generation number."""
    return f"{version.current()}-{number()}"


def bump():
    """Make every cached page and fragment stale."""
    try:
        cache.incr(KEY)
    except ValueError:  # no generation yet (cache emptied or restarted)
        cache.add(KEY, 1, timeout=None)
        cache.incr(KEY)
