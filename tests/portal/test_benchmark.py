"""scripts/benchmark keeps working: its content builder at a small scale, its statistics and
its table (the benchmark itself is too long for CI: docs/performance.md)."""

import pytest

from agenda.models import EventPage, EventSession
from directory.models import DirectoryEntryPage
from ppli.models import ActionPage, ObjectivePage
from resources.models import NewsPage, ResourcePage
from testing.scripts import SCRIPTS, load_script_module
from testing.synthetic import EVENT_CAPACITY, add_events, grow_site, two_thematics

measure = load_script_module("_benchmark_measure")


def run_of(*milliseconds, elapsed=1.0, cache=""):
    """A series of successful requests that took these durations."""
    samples = [measure.Sample(ms / 1000, 200, cache) for ms in milliseconds]
    return measure.Run(samples, elapsed)


@pytest.mark.slow  # a minute or more: out of the fast lane
@pytest.mark.django_db
def test_synthetic_content_doubles_the_site(client):
    before = {
        model: model.objects.count()
        for model in (ObjectivePage, ActionPage, ResourcePage, NewsPage)
    }
    before_entries = DirectoryEntryPage.objects.live().count()
    before_events = EventPage.objects.live().count()
    added = grow_site(times=2)
    assert ObjectivePage.objects.count() == 2 * before[ObjectivePage]
    assert ActionPage.objects.count() == 2 * before[ActionPage]
    assert ResourcePage.objects.count() == 2 * before[ResourcePage]
    assert NewsPage.objects.count() == before[NewsPage] + 20
    assert added == {
        "objectifs": before[ObjectivePage],
        "actions": before[ActionPage],
        "ressources": before[ResourcePage],
        "actualités": 20,
        "fiches du répertoire": 200,
        "événements": 20,
    }
    assert DirectoryEntryPage.objects.live().count() == before_entries + 200
    assert EventPage.objects.live().count() == before_events + 20
    for url in (
        "/agenda/",
        "/ressources/outils-et-publications/",
        "/ressources/actus-du-secteur/",
        "/ressources/repertoires-et-cartographies/",
        "/",
    ):
        assert client.get(url).status_code == 200, url
    news = client.get("/ressources/actus-du-secteur/").content.decode()
    assert "Actualité synthétique 1" in news
    assert "<picture" in news  # every other item has an image


@pytest.mark.django_db
def test_synthetic_events_are_upcoming_varied_and_open_for_registration():
    add_events(6)
    events = list(EventPage.objects.live().filter(slug__startswith="evenement-synthetique-"))
    assert len(events) == 6
    assert len({event.kind for event in events}) == 6
    assert len({event.commune for event in events}) == 6
    assert all(event.thematics.count() == 2 for event in events)
    assert [event.online for event in events].count(True) == 1
    sessions = EventSession.objects.filter(event__in=events)
    assert sessions.count() == 1 + 2 + 3 + 1 + 2 + 3
    assert all(s.takes_registrations and s.capacity == EVENT_CAPACITY for s in sessions)


def test_two_thematics_are_always_different():
    for n in range(300):
        first, second = two_thematics(list(range(15)), n)
        assert first != second


def test_percentiles_and_rates():
    run = run_of(*range(1, 101), elapsed=4.0)
    assert measure.latency_ms(run) == (50.5, 95)
    assert run.rate == 25.0
    failed = measure.Run([measure.Sample(0.1, 0, "")], 1.0)
    assert failed.errors == 1 and failed.rate == 0.0


def test_results_table_has_every_column_and_the_search_footnote():
    home = measure.PageResult("Accueil", "/", 30, 0)
    home.uncached_latency, home.uncached_load = run_of(120, 140, 400), run_of(10, elapsed=0.5)
    home.cached_latency = run_of(2, 3, 4, cache="HIT")
    home.cached_load = run_of(*[3] * 300, cache="HIT")
    home.cpu_ms, home.cpu_ratio = 24.25, 1.0
    home.nginx_rate, home.nginx_cache = 2500.4, "HIT"
    search = measure.PageResult("Recherche", "/recherche/?q=logement", 25, 25)
    search.uncached_latency = search.cached_latency = run_of(80, 90)
    search.uncached_load = search.cached_load = run_of(80, 90, elapsed=0.2)

    lines = measure.results_table([home, search]).splitlines()

    assert lines[0] == "| " + " | ".join(measure.COLUMNS) + " |"
    assert lines[1].count("---") == len(measure.COLUMNS) == 14
    assert lines[2] == (
        "| Accueil `/` | 30 | 0 | 24,2 | 1,00 | 140 | 400 | 2,0 | 3,0 | 4,0 | 300,0 "
        "| 100 % HIT | 2500 | HIT |"
    )
    assert lines[3].startswith("| Recherche `/recherche/?q=logement` ¹ | 25 | 25 | — | — |")
    assert lines[3].endswith("| 0 % HIT | — | — |")
    assert lines[-1] == measure.NEVER_CACHED_NOTE


def test_report_replaces_only_what_lies_between_the_markers():
    start, end = measure.markers(10)
    other = "\n".join(measure.markers(1))
    document = f"# Titre\n{start}\nancien\n{end}\n{other}\nsuite\n"
    updated = measure.replace_between_markers(document, "| nouveau |", 10)
    assert updated == f"# Titre\n{start}\n| nouveau |\n{end}\n{other}\nsuite\n"
    with pytest.raises(ValueError):
        measure.replace_between_markers(document, "x", 2)


def test_the_report_of_each_scale_has_its_place_in_the_performance_notes():
    document = (SCRIPTS.parent / "docs" / "performance.md").read_text(encoding="utf-8")
    for scale in (1, 10):
        assert measure.replace_between_markers(document, "x", scale) != document


WRK = """Running 3s test @ https://127.0.0.1:8443/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms  300.00us   9.00ms   90.00%
  9000 requests in 3.00s, 1.00MB read
{failed}Requests/sec:   3000.00
Transfer/sec:    341.00KB
"""


def test_wrk_rates_count_only_successful_answers():
    assert measure.parse_wrk(WRK.format(failed="")) == 3000.0
    failed = "  Non-2xx or 3xx responses: 4500\n"
    assert measure.parse_wrk(WRK.format(failed=failed)) == 1500.0
    with pytest.raises(ValueError):
        measure.parse_wrk("wrk: connection refused")


def test_benchmark_refuses_the_databases_people_work_with():
    benchmark = load_script_module("_benchmark")
    for name in ("portail_cai_ci", "portail_cai", "postgres", 'x"; DROP DATABASE y; --'):
        with pytest.raises(benchmark.Failure):
            benchmark.parse_arguments(["--db", name])
    quick = benchmark.parse_arguments(["--quick"])
    assert (quick.db, quick.scale, quick.requests) == ("portail_cai_bench", 2, 10)
