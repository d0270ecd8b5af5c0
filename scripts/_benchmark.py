"""Benchmark of the public pages: PostgreSQL, gunicorn, production settings (docs/performance.md).

Run through scripts/benchmark, which provides the virtualenv with the dev extras: the
synthetic content is built with the test factories (testing/synthetic.py, factory_boy).

Steps: a fresh database, the initial content and ten times as much synthetic PPLI, library
and news content; SQL queries and CPU per render of each page measured in this process;
then gunicorn serves the site twice, page cache off then on, and each page is timed with
plain HTTP requests; last, Debian's nginx with deploy/nginx.conf serves it from its cache
(wrk), beside a static file.
"""

import argparse
import contextlib
import io
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import _benchmark_measure as measure
import _nginx
import psycopg2
import redis
from _site import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
REPORT_FILE = ROOT / "docs" / "performance.md"

PAGES = [
    ("Accueil", "/"),
    ("Thématique Logement", "/thematiques/logement/"),
    ("Vue d'ensemble du plan", "/ppli/plan-2017-2020/"),
    ("Action 18.1", "/ppli/plan-2017-2020/logement/objectif-18/action-18-1/"),
    ("Bibliothèque", "/ressources/outils-et-publications/"),
    ("Actualités", "/ressources/actus-du-secteur/"),
    ("Recherche", "/recherche/?q=logement"),
]

DEFAULT_DATABASE = "portail_cai_bench"
# Databases this command must never drop: CI's, the README's development one, the system's.
PROTECTED_DATABASES = {"portail_cai_ci", "portail_cai", "postgres", "template0", "template1"}
# Written on the databases this command creates: only those are ever dropped.
DATABASE_MARK = "Base jetable de scripts/benchmark (portail C.A.I.)"
READY_TIMEOUT = 120


class Failure(Exception):
    """A problem to report in one sentence, without a traceback."""


def log(message):
    """A progress line, flushed at once (the run takes minutes)."""
    print(message, flush=True)


# Command line


def parse_arguments(argv=None):
    """The options; --quick shrinks the content and the series for a check that it works."""
    parser = argparse.ArgumentParser(
        prog="scripts/benchmark",
        description="Mesure les pages publiques sur PostgreSQL avec gunicorn et les réglages "
        "de production, sans puis avec le cache de pages (docs/performance.md).",
    )
    parser.add_argument("--db", default=DEFAULT_DATABASE, help="base créée puis supprimée")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="serveur PostgreSQL (utilisateur autorisé à créer des bases)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="base Redis vidée")
    parser.add_argument("--scale", type=int, default=10, help="taille du contenu (× initial)")
    parser.add_argument("--requests", type=int, default=50, help="requêtes successives")
    parser.add_argument("--concurrency", type=int, default=4, help="clients simultanés")
    parser.add_argument("--duration", type=float, default=10.0, help="durée de la charge (s)")
    parser.add_argument("--workers", type=int, help="processus gunicorn (défaut : sa config)")
    parser.add_argument(
        "--nginx-connections", type=int, default=16, help="connexions de wrk vers nginx"
    )
    parser.add_argument("--quick", action="store_true", help="contenu × 2, séries courtes")
    parser.add_argument("--keep", action="store_true", help="garder la base et les fichiers")
    parser.add_argument("--write", action="store_true", help="écrire dans docs/performance.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.requests, args.duration = 2, 10, 3.0
    check_database_name(args.db)
    if args.scale < 1 or args.requests < 1 or args.concurrency < 1 or args.duration <= 0:
        raise Failure("--scale, --requests, --concurrency et --duration doivent être positifs.")
    return args


def check_database_name(name):
    """A plain identifier that is not one of the databases people work with."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise Failure(f"nom de base invalide : {name!r} (minuscules, chiffres, _).")
    if name in PROTECTED_DATABASES:
        raise Failure(f"la base {name} n'est pas une base de mesure : choisissez un autre --db.")


# Environment


def server_environment(args, workdir):
    """The production settings of the benchmarked site, served over plain HTTP locally."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{args.postgres.rstrip('/')}/{args.db}",
        REDIS_URL=args.redis,
        # No TLS on the loopback: plain HTTP, without the redirect to https.
        SECURE_SSL_REDIRECT="False",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    # A developer's shell or .env must not bring other services into the measure.
    for name in ("CACHE_URL", "ELASTICSEARCH_URL", "OPENSEARCH_URL", "EMAIL_URL"):
        environment[name] = ""
    for name in ("FRONTEND_CACHE_PURGE_URL", "CLOUDFLARE_API_TOKEN", "PAGE_CACHE_SECONDS"):
        environment.pop(name, None)
    return environment


def enter_django(environment):
    """Configure Django in this process with the site's settings (to build and count)."""
    os.environ.clear()
    os.environ.update(environment)
    # The booklet's text is extracted at once instead of waiting for a db_worker.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Database and cache


def admin_connection(args):
    """A connection to the server's maintenance database, outside any transaction."""
    try:
        connection = psycopg2.connect(f"{args.postgres.rstrip('/')}/postgres")
    except psycopg2.Error as error:
        raise Failure(f"PostgreSQL injoignable ({args.postgres}) : {error}") from error
    connection.autocommit = True
    return connection


def database_mark(cursor, name):
    """The comment on database `name`, or None when it does not exist."""
    cursor.execute(
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
        "FROM pg_database WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    return None if row is None else row[0]


def create_database(args):
    """A fresh database; an older one is replaced only if this command created it."""
    with contextlib.closing(admin_connection(args)) as connection, connection.cursor() as cursor:
        mark = database_mark(cursor, args.db)
        if mark is not None and mark != DATABASE_MARK:
            raise Failure(f"la base {args.db} existe et n'a pas été créée par ce script.")
        if mark is not None:
            cursor.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{args.db}"')
        cursor.execute(f"COMMENT ON DATABASE \"{args.db}\" IS '{DATABASE_MARK}'")
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def drop_database(args):
    """Drop the benchmark database (only one this command marked as its own)."""
    with contextlib.closing(admin_connection(args)) as connection, connection.cursor() as cursor:
        if database_mark(cursor, args.db) == DATABASE_MARK:
            cursor.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')


def flush_cache(url):
    """Empty the benchmark's Redis database; returns the server's version."""
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
        return client.info("server")["redis_version"]
    except redis.RedisError as error:
        raise Failure(f"Redis injoignable ({url}) : {error}") from error


# Content


def timed(label, function, *args, **kwargs):
    """Run one build step and say how long it took."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    log(f"  {label} : {time.perf_counter() - start:.0f} s")
    return result


def build_site(scale):
    """Migrate, collect the static files, load the initial content, grow it, index it."""
    from django.core.management import call_command
    from django.db import transaction

    from testing.synthetic import grow_site

    timed("migrate", call_command, "migrate", interactive=False, verbosity=0)
    timed("collectstatic", call_command, "collectstatic", interactive=False, verbosity=0)
    timed("load_initial_content", call_command, "load_initial_content", stdout=io.StringIO())
    # One transaction for the thousand pages: one commit instead of one per page.
    with transaction.atomic():
        added = timed(f"contenu synthétique (× {scale})", grow_site, scale)
    timed("update_index", call_command, "update_index", verbosity=0, stdout=io.StringIO())
    return added


def content_summary(added):
    """What the site holds once built, in one French sentence."""
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from ppli.models import ActionPage, ObjectivePage
    from resources.models import NewsPage, ResourcePage

    pages = Page.objects.live().count()
    return (
        f"{pages} pages publiées, dont {ObjectivePage.objects.count()} objectifs et "
        f"{ActionPage.objects.count()} actions du PPLI, {ResourcePage.objects.count()} "
        f"ressources et {NewsPage.objects.count()} actualités ; "
        f"{get_image_model().objects.count()} images (ajouté : "
        + ", ".join(f"{count} {kind}" for kind, count in added.items())
        + ")"
    )


# SQL queries, in this process


def count_queries(client, path):
    """Queries of a page with every cache empty (page cache off), then from the page cache.

    A first request makes the images' renditions, which are stored once, not cached; then
    the page is counted as the query-budget test counts it (testing/queries.py: every cache
    emptied, content types forgotten), the worst a page-cache miss can cost.
    """
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from testing.queries import cold_get

    with override_settings(PAGE_CACHE_SECONDS=0):
        check_status(client.get(path), path)
        response, uncached = cold_get(client, path)
        check_status(response, path)
    with override_settings(PAGE_CACHE_SECONDS=3600):
        check_status(client.get(path), path)
        with CaptureQueriesContext(connection) as queries:
            check_status(client.get(path), path)
        # Now: the next request empties the connection's query log that `queries` reads.
        cached = len(queries)
    return uncached, cached


def cpu_of_pages(results):
    """CPU per render of each page, page cache off, and its ratio to the home page
    (testing/render_cost.py, as the budget test measures them)."""
    from django.test import override_settings

    from testing import render_cost

    # The in-process requests come from Django's RequestFactory, host "testserver".
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        costs = render_cost.measure([(result.label, result.path) for result in results])
    ratios = render_cost.ratios(costs)
    for result in results:
        result.cpu_ms, result.cpu_ratio = costs[result.path], ratios[result.path]
        log(f"  {result.path} : {result.cpu_ms:.1f} ms ({result.cpu_ratio:.2f} × l'accueil)")


def check_status(response, path):
    """Stop the benchmark on a page that does not answer 200: its numbers would mean nothing."""
    if response.status_code != 200:
        raise Failure(f"{path} répond {response.status_code} au lieu de 200.")


def queries_of_pages():
    """PageResult objects with the SQL query counts of every page."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    results = []
    for label, path in PAGES:
        uncached, cached = count_queries(client, path)
        results.append(measure.PageResult(label, path, uncached, cached))
        log(f"  {path} : {uncached} requêtes SQL sans cache, {cached} en cache")
    return results


# gunicorn


def gunicorn_workers(environment):
    """How many workers deploy/gunicorn.conf.py starts with this environment."""
    import runpy

    saved = dict(os.environ)
    os.environ.update(environment)
    try:
        return runpy.run_path(str(GUNICORN_CONFIG))["workers"]
    finally:
        os.environ.clear()
        os.environ.update(saved)


def start_server(environment, port, page_cache_seconds, logfile):
    """gunicorn with the production config, on the loopback, page cache on or off."""
    environment = dict(
        environment,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        # Recycling a worker (1000 requests in production) would restart Django in the
        # middle of a series and measure that start-up instead of the page.
        GUNICORN_MAX_REQUESTS="0",
    )
    command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG)]
    with open(logfile, "ab") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_ready(server, port, logfile)
    except BaseException:  # also Ctrl-C: never leave a gunicorn behind
        stop_server(server)
        raise
    return server


def wait_until_ready(server, port, logfile):
    """Wait until gunicorn answers, or fail with the end of its log."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failure(f"gunicorn s'est arrêté :\n{tail(logfile)}")
        if measure.get(port, "/robots.txt", timeout=5).status == 200:
            return
        time.sleep(0.5)
    raise Failure(f"gunicorn ne répond pas après {READY_TIMEOUT} s :\n{tail(logfile)}")


def stop_server(server):
    """Stop gunicorn gracefully (SIGTERM), then for good if it lingers."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def tail(logfile, lines=20):
    """The last lines of a log file."""
    return "\n".join(Path(logfile).read_text(errors="replace").splitlines()[-lines:])


# Measures over HTTP


def warm(port, path, clients):
    """`clients` threads, two requests each, so that every gunicorn worker has compiled the
    templates and filled its own caches before the page is timed."""

    def client():
        for _ in range(2):
            measure.get(port, path)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def measure_phase(port, results, args, workers, cached):
    """Time every page: `args.requests` in a row, then the concurrent load."""
    for result in results:
        warm(port, result.path, workers)
        latency = measure.sequential(port, result.path, args.requests)
        load = measure.concurrent(port, result.path, args.concurrency, args.duration)
        if cached:
            result.cached_latency, result.cached_load = latency, load
        else:
            result.uncached_latency, result.uncached_load = latency, load
        median, p95 = measure.latency_ms(latency)
        hits = f", {latency.hits()}/{len(latency.samples)} HIT" if cached else ""
        timing = f"médiane {median:.0f} ms, p95 {p95:.0f} ms, {load.rate:.1f} req/s"
        log(f"  {result.path} : {timing}{hits}")


def nginx_phase(port, results, args, workdir):
    """nginx (deploy/nginx.conf) in front of gunicorn: each page from nginx's cache with wrk,
    then a static file served by nginx; returns the static file's requests per second."""
    static_root = workdir / "static"
    try:
        _nginx.check_installed()  # a sentence, not a traceback, when nginx is missing
    except _nginx.NginxMissing as error:
        raise Failure(str(error)) from error
    with _nginx.running_nginx(workdir / "nginx", port, static_root) as nginx:
        base = f"https://127.0.0.1:{nginx.https_port}"
        for result in results:
            for _ in range(2):  # the first fills nginx's cache
                status, headers, _body = nginx.get(result.path)
            if status != 200:
                raise Failure(f"{result.path} répond {status} à travers nginx.")
            result.nginx_cache = headers.get(_nginx.CACHE_HEADER, "")
            result.nginx_rate = measure.wrk_rate(
                base + result.path, "localhost", args.nginx_connections, args.duration
            )
            log(f"  {result.path} : {result.nginx_rate:.0f} req/s ({result.nginx_cache})")
        stylesheet = next((static_root / "css").glob("main.*.css"))  # the site's, hashed
        path = "/static/" + stylesheet.relative_to(static_root).as_posix()
        rate = measure.wrk_rate(base + path, "localhost", args.nginx_connections, args.duration)
        log(f"  {path} : {rate:.0f} req/s (fichier statique)")
        return path, rate


def serve_and_measure(environment, results, args, workdir):
    """The two gunicorn runs: page cache off (PAGE_CACHE_SECONDS=0), then on (3600 s), the
    second one also behind nginx. Returns the workers and the static file's figure."""
    workers = args.workers or gunicorn_workers(environment)
    environment = dict(environment, GUNICORN_WORKERS=str(workers))
    static = None
    for cached, seconds in ((False, 0), (True, 3600)):
        flush_cache(args.redis)
        port = free_port()
        log(f"gunicorn ({workers} workers, port {port}, PAGE_CACHE_SECONDS={seconds})…")
        server = start_server(environment, port, seconds, workdir / "gunicorn.log")
        try:
            measure_phase(port, results, args, workers, cached)
            if cached:
                log(f"nginx devant gunicorn, wrk ({args.nginx_connections} connexions)…")
                static = nginx_phase(port, results, args, workdir)
        finally:
            stop_server(server)
    return workers, static


# Report


def machine():
    """Cores, CPU model and memory of this machine."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = Path("/proc/meminfo").read_text()
    memory_kb = int(re.search(r"^MemTotal:\s*(\d+)", meminfo, re.MULTILINE).group(1))
    return {
        "cores": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor() or "inconnu",
        "ram": f"{memory_kb / 1024 / 1024:.1f} Gio".replace(".", ","),
    }


def gunicorn_version():
    """The installed gunicorn's version."""
    from importlib.metadata import version

    return version("gunicorn")


def report(context, results):
    """The Markdown report: conditions of the run, then the table."""
    host = context["machine"]
    lines = [
        f"Mesuré le {context['date']} avec `{context['command']}`.",
        "",
        f"- Machine : {host['cores']} cœurs ({host['cpu']}), {host['ram']} de mémoire ; "
        f"PostgreSQL {context['postgres']}, Redis {context['redis']}, "
        f"Python {platform.python_version()}, gunicorn {gunicorn_version()} "
        f"({context['workers']} workers sync, `deploy/gunicorn.conf.py`).",
        f"- Charge moyenne sur 1 min : {measure.number(context['load_start'], 2)} au lancement "
        f"(avant toute construction : les autres processus), "
        f"{measure.number(context['load_end'], 2)} à la fin des mesures.",
        f"- Contenu : {context['content']}.",
        f"- Latence : {context['requests']} requêtes successives par page ; débit : "
        f"{context['concurrency']} clients simultanés pendant {context['duration']:g} s ; "
        "client HTTP en Python sur la même machine. CPU par rendu : le moins de 7 rendus "
        "sans cache de pages, dans le processus du script (`testing/render_cost.py`).",
        f"- nginx (`deploy/nginx.conf`, TLS, cache) devant gunicorn : wrk, "
        f"{context['nginx_connections']} connexions pendant {context['duration']:g} s par page. "
        f"Fichier statique `{context['static'][0]}` : "
        f"{measure.number(context['static'][1])} req/s ; pages servies par le cache de nginx : "
        f"{static_share(results, context['static'][1])} de ce chiffre.",
        "",
        measure.results_table(results),
    ]
    errors = measure.error_lines(results)
    if errors:
        lines += ["", "Requêtes en échec (exclues des statistiques) :", *errors]
    return "\n".join(lines)


def static_share(results, static_rate):
    """The least and most requests per second of the pages nginx served from its cache, as
    percentages of the static file's, in French."""
    shares = [r.nginx_rate / static_rate * 100 for r in results if r.nginx_cache == "HIT"]
    if not shares or not static_rate:
        return "—"
    return f"{measure.number(min(shares))} à {measure.number(max(shares))} %"


def write_report(text, scale):
    """Put the report between the markers of docs/performance.md (read just before writing)."""
    document = REPORT_FILE.read_text(encoding="utf-8")
    updated = measure.replace_between_markers(document, text, scale)
    REPORT_FILE.write_text(updated, encoding="utf-8")
    log(f"Résultats écrits dans {REPORT_FILE.relative_to(ROOT)}.")


# Main


def run(args, workdir):
    """Build, count, serve, measure; returns the report."""
    context = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": " ".join(["scripts/benchmark", *sys.argv[1:]]),
        "machine": machine(),
        "requests": args.requests,
        "concurrency": args.concurrency,
        "duration": args.duration,
        "nginx_connections": args.nginx_connections,
        # Before this command loads the machine: what the other processes already use.
        "load_start": os.getloadavg()[0],
    }
    environment = server_environment(args, workdir)
    context["redis"] = flush_cache(args.redis)
    log(f"Base {args.db} (PostgreSQL)…")
    context["postgres"] = create_database(args)
    enter_django(environment)
    log("Construction du site :")
    added = build_site(args.scale)
    context["content"] = content_summary(added)
    log("Requêtes SQL par page (dans ce processus, mêmes réglages) :")
    results = queries_of_pages()
    log("CPU par rendu (dans ce processus, sans cache de pages) :")
    cpu_of_pages(results)
    from django.db import connections

    connections.close_all()
    context["workers"], context["static"] = serve_and_measure(environment, results, args, workdir)
    context["load_end"] = os.getloadavg()[0]
    return report(context, results)


def main(argv=None):
    """Run the benchmark, print the report, clean up (unless --keep)."""
    try:
        args = parse_arguments(argv)
    except Failure as error:
        sys.exit(f"Erreur : {error}")
    workdir = Path(tempfile.mkdtemp(prefix="portail-benchmark-"))
    saved_environment = dict(os.environ)
    start = time.monotonic()
    try:
        text = run(args, workdir)
        print("\n" + text + "\n", flush=True)
        log(f"Durée : {(time.monotonic() - start) / 60:.1f} min.")
        if args.write:
            write_report(text, args.scale)
    except Failure as error:
        sys.exit(f"Erreur : {error}")
    finally:
        clean_up(args, workdir, saved_environment)


def clean_up(args, workdir, saved_environment):
    """Drop the database and the temporary files, or say where they are with --keep."""
    os.environ.clear()
    os.environ.update(saved_environment)
    if args.keep:
        log(f"Conservés : base {args.db}, fichiers {workdir} (statiques, médias, gunicorn.log).")
        return
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    try:
        drop_database(args)
        flush_cache(args.redis)
    except Failure as error:
        log(f"Nettoyage incomplet : {error}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
