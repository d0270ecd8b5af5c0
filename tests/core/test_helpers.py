"""The helpers the apps share: visitors' words, result pages and their links."""

from django.test import RequestFactory

from core.forms import other_pages_query, paginate
from core.text import MAX_QUERY_LENGTH, clean_query


def test_clean_query_keeps_words_only():
    assert clean_query('  "droit au travail" OR asile\x00 -- l’accueil ') == (
        "droit au travail OR asile -- l’accueil"
    )
    assert clean_query("é" * 1000) == "é" * MAX_QUERY_LENGTH


def test_other_pages_query_drops_the_page_number():
    request = RequestFactory().get("/", {"type": "fiche", "page": "3"})
    assert other_pages_query(request) == "type=fiche"


def test_paginate_shows_the_nearest_page_for_an_odd_number():
    items = list(range(25))
    factory = RequestFactory()
    assert paginate(items, 10, factory.get("/", {"page": "2"})).number == 2
    assert paginate(items, 10, factory.get("/", {"page": "99"})).number == 3
    assert paginate(items, 10, factory.get("/", {"page": "x"})).number == 1
    assert paginate(items, 10, factory.get("/")).number == 1
