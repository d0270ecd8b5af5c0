"""A bounded load test on the loopback only: no request ever leaves this machine.

By default a throwaway copy of the site is built (initial content, production settings,
gunicorn with deploy/gunicorn.conf.py, Redis as the shared cache) and served on 127.0.0.1;
`--url` targets a site already running here instead, and anything that is not a loopback
address is refused. wrk (Debian's package) loads each page in turn for `--duration` seconds
at `--connections`; wrk stops by itself, and is killed if it overruns. The report gives the
requests per second, p50, p99 and failed requests of each page; the exit status is 1 when a
request failed. Run through scripts/load.
"""

import argparse
import ipaddress
import socket
import subprocess
import sys
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import _benchmark_measure as measure
import redis
from _site import throwaway_site

ROOT = Path(__file__).resolve().parent.parent
REPORT_FILE = ROOT / "docs" / "performance.md"
MARKERS = ("<!-- load:start -->", "<!-- load:end -->")
PAGES = [
    ("Accueil", "/"),
    ("Recherche", "/recherche/?q=logement"),
    ("Vue d'ensemble du plan", "/ppli/plan-2017-2020/"),
]
# A visitor's browser waits longer than wrk's 2 s default before giving up.
TIMEOUT_SECONDS = 10


class Failure(Exception):
    """A problem to report in one sentence, without a traceback."""


def parse_arguments(argv=None):
    """The command line, checked: a loopback URL and a bounded load."""
    parser = argparse.ArgumentParser(
        description="Charge bornée des pages publiques, sur la machine même (127.0.0.1)."
    )
    parser.add_argument("--duration", type=int, default=60, help="secondes par page")
    parser.add_argument("--connections", type=int, default=64, help="connexions simultanées")
    parser.add_argument("--url", help="site déjà lancé ici (127.0.0.1, ::1 ou localhost)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="base Redis vidée")
    parser.add_argument("--write", action="store_true", help="écrire dans docs/performance.md")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 600 or not 1 <= args.connections <= 1024:
        raise Failure("--duration de 1 à 600 s, --connections de 1 à 1024.")
    if args.url:
        check_loopback(args.url)
    return args


def check_loopback(url):
    """Refuse a URL whose host is not this machine's loopback."""
    host = urlsplit(url).hostname
    if urlsplit(url).scheme not in ("http", "https") or not host:
        raise Failure(f"adresse invalide : {url!r}")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as error:
        raise Failure(f"hôte inconnu : {host}") from error
    if not all(ipaddress.ip_address(address).is_loopback for address in addresses):
        raise Failure(f"{host} n'est pas cette machine : la charge reste sur 127.0.0.1.")


def load(base, path, args):
    """wrk on one page: requests per second, p50 and p99 (ms), failed requests."""
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    command += [f"--timeout={TIMEOUT_SECONDS}s", base.rstrip("/") + path]
    try:
        output = subprocess.run(
            command, check=True, capture_output=True, text=True, timeout=args.duration + 60
        ).stdout
    except FileNotFoundError as error:
        raise Failure("wrk est requis : apt-get install wrk") from error
    except subprocess.TimeoutExpired as error:
        raise Failure(f"wrk ne s'est pas arrêté sur {path}") from error
    p50, p99 = measure.parse_wrk_latency(output)
    return measure.parse_wrk(output), p50, p99, measure.parse_wrk_errors(output)


def run(base, args):
    """Load every page in turn; the rows of the report."""
    rows = []
    for label, path in PAGES:
        # One request first: the page cache holds it, as after any visit.
        with urllib.request.urlopen(base.rstrip("/") + path, timeout=60) as response:
            response.read()
        rate, p50, p99, errors = load(base, path, args)
        print(f"{path} : {rate:.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, {errors} erreurs")
        rows.append((label, path, rate, p50, p99, errors))
    return rows


def report(rows, args, where):
    """The Markdown report of the run."""
    lines = [
        f"Mesuré le {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} avec "
        f"`scripts/load {' '.join(sys.argv[1:])}`".rstrip()
        + f" : {where}, wrk (2 fils, "
        f"{args.connections} connexions, {args.duration} s par page, délai "
        f"{TIMEOUT_SECONDS} s), sur la même machine.",
        "",
        "| page | req/s | p50 (ms) | p99 (ms) | p99 / p50 | requêtes en échec |",
        "|---|---|---|---|---|---|",
    ]
    for label, path, rate, p50, p99, errors in rows:
        cells = [f"{label} `{path}`", measure.number(rate), measure.number(p50, 1)]
        cells += [measure.number(p99, 1), measure.number(p99 / p50, 1), str(errors)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(text):
    """Put the report between the load markers of docs/performance.md."""
    document = REPORT_FILE.read_text(encoding="utf-8")
    try:
        document = measure.replace_between(document, text, *MARKERS)
    except ValueError as error:
        raise Failure(str(error)) from error
    REPORT_FILE.write_text(document, encoding="utf-8")


def main(argv=None):
    """Run the load, print and optionally write the report; exit 1 if a request failed."""
    try:
        args = parse_arguments(argv)
        if args.url:
            rows = run(args.url, args)
            where = f"site déjà lancé ({args.url})"
        else:
            cache = redis.Redis.from_url(args.redis)
            cache.flushdb()
            environment = {"REDIS_URL": args.redis}
            print("Site jetable : migrations, contenu initial, gunicorn…", flush=True)
            try:
                with throwaway_site(
                    production=True,
                    examples=False,
                    environment=environment,
                    deployed_gunicorn=True,
                ) as site:
                    rows = run(site.url, args)
            finally:
                cache.flushdb()
            where = (
                "site jetable au contenu initial, réglages de production, gunicorn "
                "(`deploy/gunicorn.conf.py`), cache de pages Redis"
            )
    except (Failure, redis.RedisError) as error:
        sys.exit(f"Erreur : {error}")
    text = report(rows, args, where)
    print("\n" + text)
    if args.write:
        write_report(text)
    if any(row[-1] for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
