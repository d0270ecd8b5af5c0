"""How often one address may do something (send a form), counted in the shared cache.

Each address gets, per named scope, a window of `window` seconds that opens with its first
counted hit. Checking never counts: the caller decides which outcomes count (a stored form, a
bot caught), so a visitor's typing mistakes never block them. The cache is Django's default
one, shared by every process in production (Redis), so the limit holds across processes.
With the cache down, nothing is counted and nobody is blocked (a documented choice: the forms
keep their other guards, the honeypot and the length limits).
"""

import math
import time

from django.core.cache import cache

KEY_PREFIX = "ratelimit"


def clock():
    """Seconds since the epoch; a test replaces it to move time on without waiting."""
    return time.time()


def client_address(request):
    """The visitor's address: REMOTE_ADDR, which portal/proxy.py sets behind the reverse proxy."""
    return request.META.get("REMOTE_ADDR", "")


class RateLimit:
    """At most `limit` counted hits per address and per window of `window` seconds."""

    def __init__(self, scope, limit, window):
        """`scope` names what is limited ("ppli-signup"): each scope counts on its own."""
        self.scope = scope
        self.limit = limit
        self.window = window

    def _window_key(self, address):
        """The key holding when the address's current window ends (seconds since the epoch)."""
        return f"{KEY_PREFIX}:{self.scope}:{address}:expires"

    def _count_key(self, address, expires):
        """The counter of one window.

        It is named after the window's end so that a new window never reads an old counter,
        even one that outlived its timeout (Django's Redis incr can recreate an expired key).
        """
        return f"{KEY_PREFIX}:{self.scope}:{address}:{expires!r}"

    def retry_after(self, address):
        """Seconds (≥ 1) until the address may try again, or 0 if it may now; counts nothing."""
        now = clock()
        expires = cache.get(self._window_key(address))
        if expires is None or expires <= now:
            return 0
        if cache.get(self._count_key(address, expires), 0) < self.limit:
            return 0
        return max(1, math.ceil(expires - now))

    def hit(self, address):
        """Count one hit for the address, opening a window if none is running; returns the
        number of hits in the window."""
        now = clock()
        window_key = self._window_key(address)
        expires = now + self.window
        # add() is atomic: of simultaneous first hits, one opens the window, the others join it.
        if not cache.add(window_key, expires, timeout=self.window):
            current = cache.get(window_key)
            if current is not None and current > now:
                expires = current
            else:
                # Gone since add(), or ended by our clock while the cache still keeps it.
                cache.set(window_key, expires, timeout=self.window)
        count_key = self._count_key(address, expires)
        # Django's timeout 0 would mean "expire at once".
        timeout = max(1, math.ceil(expires - now))
        cache.add(count_key, 0, timeout=timeout)
        try:
            count = cache.incr(count_key)
        except ValueError:  # expired between add and incr
            cache.set(count_key, 1, timeout=timeout)
            return 1
        # None: the cache is down and answers as a miss (settings.REDIS_CACHE_OPTIONS). A limit
        # that cannot count blocks no one: 0, never over any limit.
        return count if count is not None else 0
