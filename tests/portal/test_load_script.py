"""scripts/load stays on this machine, stays bounded and reads wrk right (the 60 s run itself is
in docs/performance.md, too long for CI)."""

import pytest

from testing.scripts import load_script_module

measure = load_script_module("_benchmark_measure")
load = load_script_module("_load")

WRK_LATENCY = """Running 1m test @ http://127.0.0.1:8000/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   120.00ms   40.00ms   1.20s    90.00%
  Latency Distribution
     50%  850.00us
     75%    2.00ms
     90%    5.00ms
     99%    1.20s
  60000 requests in 1.00m, 1.00GB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:   1000.00
"""


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/", "http://localhost:8000/", "http://[::1]:8000/"]
)
def test_the_loopback_is_accepted(url):
    load.check_loopback(url)


@pytest.mark.parametrize(
    "url", ["http://203.0.113.7/", "https://10.0.0.5:8443/", "ftp://127.0.0.1/", "127.0.0.1"]
)
def test_anything_else_is_refused(url):
    with pytest.raises(load.Failure):
        load.check_loopback(url)


@pytest.mark.parametrize(
    "argv", [["--duration", "0"], ["--duration", "601"], ["--connections", "5000"]]
)
def test_the_load_is_bounded(argv):
    with pytest.raises(load.Failure):
        load.parse_arguments(argv)


def test_defaults_are_the_issues_run():
    args = load.parse_arguments([])
    assert (args.duration, args.connections, args.url) == (60, 64, None)


def test_wrk_latency_and_errors_are_read_in_milliseconds():
    assert measure.parse_wrk_latency(WRK_LATENCY) == (0.85, 1200.0)
    assert measure.parse_wrk_errors(WRK_LATENCY) == 2 + 3 + 4
    assert measure.parse_wrk_errors("Requests/sec: 10.00\n") == 0
    assert measure.parse_wrk(WRK_LATENCY) == 1000.0 * (60000 - 4) / 60000
    with pytest.raises(ValueError):
        measure.parse_wrk_latency("Requests/sec: 10.00\n")
