"""Fixtures of core's tests: a clock the rate limit reads and the test moves on by hand."""

import pytest

from core import ratelimit


class FakeClock:
    """A clock the test moves on by hand."""

    def __init__(self, now=1_700_000_000.0):
        """Start at a fixed instant."""
        self.now = now

    def __call__(self):
        """The current fake time, in seconds since the epoch."""
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """Replace the rate limit's clock (the project's own function) with one the test controls."""
    fake = FakeClock()
    monkeypatch.setattr(ratelimit, "clock", fake)
    return fake
