"""The benchmark's HTTP load loop, its statistics and its Markdown report (standard library only).

Used by scripts/_benchmark.py; kept free of Django so tests can import it cheaply.
"""

import http.client
import math
import re
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field

COLUMNS = (
    "Page",
    "SQL sans cache",
    "SQL en cache",
    "CPU par rendu (ms)",
    "× accueil",
    "Sans cache : médiane (ms)",
    "p95 (ms)",
    "req/s",
    "En cache : médiane (ms)",
    "p95 (ms)",
    "req/s",
    "X-Page-Cache",
    "nginx : req/s",
    "X-Cache-Status",
)
NEVER_CACHED_NOTE = (
    "¹ Jamais mise en cache, par conception (chaque recherche est comptée) : ses colonnes "
    "« en cache » mesurent la page calculée à chaque requête, cache de pages actif."
)


@dataclass
class Sample:
    """What one request gave: its duration, status and X-Page-Cache header."""

    seconds: float
    status: int
    cache: str


@dataclass
class Run:
    """The samples of one series of requests and how long the series took."""

    samples: list = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def ok(self):
        """The samples answered 200."""
        return [s for s in self.samples if s.status == 200]

    @property
    def errors(self):
        """How many requests did not answer 200 (or failed)."""
        return len(self.samples) - len(self.ok)

    @property
    def rate(self):
        """Successful requests per second over the whole series."""
        return len(self.ok) / self.elapsed if self.elapsed else 0.0

    def hits(self):
        """How many answers came from the page cache."""
        return sum(1 for s in self.samples if s.cache == "HIT")


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with `fraction` of them at or below."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def latency_ms(run):
    """Median and p95 of the successful requests, in milliseconds."""
    durations = [s.seconds * 1000 for s in run.ok]
    if not durations:
        return math.nan, math.nan
    return statistics.median(durations), percentile(durations, 0.95)


def get(port, path, timeout=120):
    """One GET on a new connection (gunicorn's sync workers close it after each answer)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        response.read()
        status, cache = response.status, response.getheader("X-Page-Cache", "")
    except OSError:
        status, cache = 0, ""
    finally:
        connection.close()
    return Sample(time.perf_counter() - start, status, cache)


def sequential(port, path, count):
    """`count` requests one after the other: the latency of a lone visitor."""
    run = Run()
    start = time.perf_counter()
    run.samples = [get(port, path) for _ in range(count)]
    run.elapsed = time.perf_counter() - start
    return run


def concurrent(port, path, clients, seconds):
    """`clients` threads requesting `path` in a loop for `seconds`: the throughput."""
    run = Run()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client():
        barrier.wait()
        while time.perf_counter() < deadline:
            sample = get(port, path)
            with lock:
                run.samples.append(sample)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    deadline = start + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    # Requests started before the deadline finish after it: count the time they took.
    run.elapsed = time.perf_counter() - start
    return run


@dataclass
class PageResult:
    """Everything measured for one page."""

    label: str
    path: str
    queries_uncached: int = 0
    queries_cached: int = 0
    uncached_latency: Run = None
    uncached_load: Run = None
    cached_latency: Run = None
    cached_load: Run = None
    cpu_ms: float = math.nan
    cpu_ratio: float = math.nan
    nginx_rate: float = math.nan
    nginx_cache: str = ""

    def never_cached(self):
        """No answer of the cached phase came from the page cache."""
        return self.cached_latency is not None and self.cached_latency.hits() == 0

    def hit_ratio(self):
        """Share of the cached phase's answers served from the page cache."""
        samples = self.cached_latency.samples + self.cached_load.samples
        return sum(1 for s in samples if s.cache == "HIT") / len(samples) if samples else 0.0


def number(value, digits=0):
    """A French-formatted number (comma decimal separator), or « — » when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}f}".replace(".", ",")


def timing_cells(latency_run, load_run):
    """Median, p95 and requests per second of one phase."""
    median, p95 = latency_ms(latency_run)
    digits = 1 if median < 100 else 0
    return [number(median, digits), number(p95, digits), number(load_run.rate, 1)]


def table_row(result):
    """One Markdown row; a page that is never cached is marked with the footnote."""
    label = f"{result.label} `{result.path}`" + (" ¹" if result.never_cached() else "")
    cells = [label, str(result.queries_uncached), str(result.queries_cached)]
    cells += [number(result.cpu_ms, 1), number(result.cpu_ratio, 2)]
    cells += timing_cells(result.uncached_latency, result.uncached_load)
    cells += timing_cells(result.cached_latency, result.cached_load)
    cells.append(f"{number(result.hit_ratio() * 100)} % HIT")
    cells += [number(result.nginx_rate), result.nginx_cache or "—"]
    return "| " + " | ".join(cells) + " |"


def results_table(results):
    """The Markdown table of the results, with the footnote when a page is never cached."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += [table_row(result) for result in results]
    if any(result.never_cached() for result in results):
        lines += ["", NEVER_CACHED_NOTE]
    return "\n".join(lines)


def error_lines(results):
    """A line per series that had failed requests (they are left out of the statistics)."""
    lines = []
    for result in results:
        for phase in ("uncached_latency", "uncached_load", "cached_latency", "cached_load"):
            run = getattr(result, phase)
            if run is not None and run.errors:
                lines.append(f"- {result.path} ({phase}) : {run.errors} requête(s) en échec")
    return lines


def markers(scale):
    """The comments around the report of a run at `scale` in docs/performance.md."""
    return f"<!-- benchmark ×{scale}:start -->", f"<!-- benchmark ×{scale}:end -->"


def replace_between(text, report, opening, closing):
    """`text` with what lies between the comments `opening` and `closing` replaced by `report`."""
    start, end = text.find(opening), text.find(closing)
    if start < 0 or end < start:
        raise ValueError(f"marqueurs {opening} … {closing} introuvables")
    return text[: start + len(opening)] + "\n" + report.strip() + "\n" + text[end:]


def replace_between_markers(text, report, scale):
    """`text` with what lies between the markers of `scale` replaced by `report`."""
    return replace_between(text, report, *markers(scale))


# wrk (Debian's package): an HTTP load generator in C, for nginx, which a Python client could
# not keep busy.


def parse_wrk(output):
    """Requests per second of a wrk run, counting only 2xx answers."""
    rate = re.search(r"^Requests/sec:\s*([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    if rate is None or total is None:
        raise ValueError(f"sortie de wrk illisible :\n{output}")
    failed = re.search(r"^\s*Non-2xx or 3xx responses:\s*(\d+)", output, re.MULTILINE)
    requests = int(total.group(1))
    good = requests - (int(failed.group(1)) if failed else 0)
    return float(rate.group(1)) * good / requests if requests else 0.0


# What a browser says it accepts: nginx then compresses the HTML (brotli) as for a visitor.
BROWSER_ENCODINGS = "gzip, deflate, br"


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk_latency(output):
    """The median and p99 of a `wrk --latency` run, in milliseconds."""
    pattern = r"^\s*(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$"
    found = {
        percent: float(value) * UNITS[unit]
        for percent, value, unit in re.findall(pattern, output, re.MULTILINE)
    }
    if set(found) != {"50", "99"}:
        raise ValueError(f"sortie de wrk --latency illisible :\n{output}")
    return found["50"], found["99"]


def parse_wrk_errors(output):
    """Failed requests of a wrk run: socket errors (connect, read, write, timeout) and answers
    other than 2xx or 3xx."""
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(count) for count in socket_errors.groups())
    failed = re.search(r"^\s*Non-2xx or 3xx responses:\s*(\d+)", output, re.MULTILINE)
    if failed:
        errors += int(failed.group(1))
    return errors


def wrk_rate(url, host, connections, seconds):
    """Successful requests per second on `url` (Host: `host`), wrk with 2 threads, asking for
    compressed answers as a browser does."""
    headers = ["-H", f"Host: {host}", "-H", f"Accept-Encoding: {BROWSER_ENCODINGS}"]
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", *headers, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(output)
