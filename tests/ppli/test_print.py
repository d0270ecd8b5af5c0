"""A printable version of the whole plan and print-friendly plan pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_printable_plan_has_every_objective_and_action(client):
    html = client.get("/ppli/plan-2017-2020/imprimer/").content.decode()
    assert html.count('class="plan-objective"') == 35
    assert html.count('class="card card--action"') == 54
    assert html.count("<h1") == 1
    assert "Enregistrer au format PDF" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Enjeux essentiels" in html


def test_plan_pages_link_the_print_stylesheet_and_version(client):
    html = client.get("/ppli/plan-2017-2020/").content.decode()
    assert 'href="/ppli/plan-2017-2020/imprimer/"' in html
    assert 'media="print"' in html


def test_print_stylesheet_hides_navigation_and_filters(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/print.css"), encoding="utf-8") as stream:
        css = stream.read()
    for selector in (".main-nav", ".plan-filters", ".site-search", ".breadcrumbs"):
        assert selector in css
