"""The limit per address shared by the public forms: checking never counts, waits are exact."""

from django.core.cache import cache
from django.test import RequestFactory

from core.ratelimit import RateLimit, client_address

ADDRESS = "192.0.2.7"


def test_checking_never_counts(clock):
    limit = RateLimit("test", 2, 600)
    for _ in range(10):
        assert limit.retry_after(ADDRESS) == 0
    assert limit.hit(ADDRESS) == 1
    assert limit.retry_after(ADDRESS) == 0
    assert limit.hit(ADDRESS) == 2
    assert limit.retry_after(ADDRESS) == 600


def test_wait_counts_down_from_the_first_hit(clock):
    limit = RateLimit("test", 2, 600)
    limit.hit(ADDRESS)
    clock.now += 100
    limit.hit(ADDRESS)  # the window still ends 600 s after the first hit
    assert limit.retry_after(ADDRESS) == 500
    clock.now += 250.4
    assert limit.retry_after(ADDRESS) == 250  # 249.6 s left, rounded up
    clock.now += 249.5
    assert limit.retry_after(ADDRESS) == 1  # never 0 while refused
    clock.now += 0.1
    assert limit.retry_after(ADDRESS) == 0


def test_a_new_window_starts_from_zero(clock):
    limit = RateLimit("test", 2, 600)
    limit.hit(ADDRESS)
    limit.hit(ADDRESS)
    clock.now += 601  # the cache may still hold the old window: the clock decides
    assert limit.retry_after(ADDRESS) == 0
    assert limit.hit(ADDRESS) == 1
    assert limit.retry_after(ADDRESS) == 0
    assert limit.hit(ADDRESS) == 2
    assert limit.retry_after(ADDRESS) == 600


def test_addresses_and_scopes_count_apart(clock):
    signup, contact = RateLimit("signup", 1, 600), RateLimit("contact", 1, 600)
    signup.hit(ADDRESS)
    assert signup.retry_after(ADDRESS) == 600
    assert signup.retry_after("192.0.2.8") == 0
    assert contact.retry_after(ADDRESS) == 0


def test_a_window_that_vanished_from_the_cache_is_reopened(clock):
    limit = RateLimit("test", 1, 600)
    limit.hit(ADDRESS)
    cache.clear()  # evicted, or Redis restarted
    assert limit.retry_after(ADDRESS) == 0
    assert limit.hit(ADDRESS) == 1
    assert limit.retry_after(ADDRESS) == 600


def test_real_clock_gives_the_whole_window_right_after_the_limit():
    limit = RateLimit("test", 1, 60)
    limit.hit(ADDRESS)
    assert limit.retry_after(ADDRESS) == 60


def test_client_address_is_remote_addr():
    assert client_address(RequestFactory().post("/", REMOTE_ADDR="203.0.113.5")) == "203.0.113.5"
    request = RequestFactory().post("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == ""
