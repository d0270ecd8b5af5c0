"""CPU per render at 1× and 10× the content, as ratios to the home page (testing/render_cost.py)."""

import pytest

from testing import render_cost
from testing.synthetic import grow_site

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_big_pages_stay_within_their_budget():
    small = render_cost.measure()
    grow_site(10)
    large = render_cost.measure()
    ratios = render_cost.ratios(large)
    report = "\n".join(
        f"{path}: {small[path]:.1f} ms → {large[path]:.1f} ms ({ratios[path]:.2f} × l'accueil)"
        for path in large
    )
    print(report)
    problems = render_cost.over_budget(small, large)
    unexpected = [(p, why) for p, why in problems if p not in render_cost.KNOWN_OVER_BUDGET]
    assert unexpected == [], report


def test_the_budget_check_fails_on_a_slow_page():
    """The check itself: a page that outweighs the home page, or whose cost grows more than
    twice as fast as the home page's, is reported."""
    small = {"/": 10.0, render_cost.PLAN: 20.0, "/x/": 10.0}
    large = {"/": 10.0, render_cost.PLAN: 31.0, "/x/": 21.0}
    problems = render_cost.over_budget(small, large)
    assert [path for path, _ in problems] == [render_cost.PLAN, "/x/", "/x/"]
    assert render_cost.over_budget(small, small) == []


def test_only_measured_pages_are_excused():
    """An excuse for a page the test does not measure would excuse nothing."""
    measured = {path for _, path in render_cost.PAGES}
    assert set(render_cost.KNOWN_OVER_BUDGET) <= measured
