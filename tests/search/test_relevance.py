"""Recall@5 of the site search on realistic queries (relevance.yaml), on every engine.

For each query, the pages a person expects are looked for among the first five answers the
search page shows: editors' picks, then partners and audiences, then pages. Recall@5 is the
share of expected pages found there. CI fails under 90 % on SQLite and PostgreSQL and under
80 % on the OpenSearch-compatible test server (osmem-server). The figures and the misses are
printed (pytest -s, or the "relevance" lines of the report) and go in docs/performance.md.
"""

import json
import os
from pathlib import Path

import pytest
import yaml
from django.db import connection

pytestmark = pytest.mark.django_db

CASES = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))
PLAN = "/ppli/plan-2017-2020"
TOP = 5
MINIMUM_RECALL = {"database": 0.90, "opensearch": 0.80}


def shown_urls(response):
    """The URLs of the answers, in the order the search page shows them."""
    context = response.context
    urls = [promotion.page.url for promotion in context.get("promotions") or [] if promotion.page]
    urls += [result.url for section in context.get("sections") or [] for result in section.results]
    urls += [result.page.url for result in context.get("described_results") or []]
    return urls


def expected_urls(case):
    return [url.replace("{plan}", PLAN) for url in case["expect"]]


def engine_name(search_engine):
    return connection.vendor if search_engine == "database" else "osmem-server (OpenSearch)"


def test_there_are_at_least_forty_realistic_queries():
    assert len(CASES) >= 40
    assert len({case["q"] for case in CASES}) == len(CASES)


def test_recall_at_5(client, search_engine):
    found, expected, misses = 0, 0, []
    for case in CASES:
        response = client.get("/recherche/", {"q": case["q"]})
        assert response.status_code == 200
        top = shown_urls(response)[:TOP]
        for url in expected_urls(case):
            expected += 1
            if url in top:
                found += 1
            else:
                misses.append(f"{case['q']!r}: {url} absent de {top}")
    recall = found / expected
    engine = engine_name(search_engine)
    print(f"\nrelevance {engine}: recall@5 = {recall:.1%} ({found}/{expected})")
    for miss in misses:
        print(f"  manqué {miss}")
    report = os.environ.get("RELEVANCE_REPORT")
    if report:  # scripts and docs read the figures from here
        path = Path(report)
        figures = json.loads(path.read_text()) if path.exists() else {}
        figures[engine] = {"recall": recall, "found": found, "expected": expected}
        path.write_text(json.dumps(figures, indent=2))
    assert recall >= MINIMUM_RECALL[search_engine], "\n".join(misses)
