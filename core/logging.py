"""Logging helpers for the settings' LOGGING."""

import logging
import time


class OncePerInterval(logging.Filter):
    """Lets a logger's message through once per `seconds` (per process): an outage that fails
    every request (the cache down) is told once a minute, not a thousand times."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self.last_seen = {}

    def filter(self, record):
        key = (record.name, record.levelno, str(record.msg))
        now = time.monotonic()
        last = self.last_seen.get(key)
        if last is not None and now - last < self.seconds:
            return False
        self.last_seen[key] = now
        return True
