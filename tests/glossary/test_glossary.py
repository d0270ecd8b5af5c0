"""Acronyms: expansions only from the sources, drafts otherwise, explained on first use."""

from html import unescape

import pytest

from glossary.marking import AbbreviationMarker
from glossary.models import Abbreviation
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

PEOE = "personnes étrangères et d'origine étrangère"
ACTION_WITH_PEOE_TWICE = "/ppli/plan-2017-2020/logement/objectif-16/action-16-3/"


def test_only_sourced_expansions_are_published():
    published = Abbreviation.objects.published()
    assert published.filter(acronym="PEOE", expansion=PEOE).exists()
    assert published.filter(acronym="BAPA").exists() and published.filter(acronym="CACC").exists()
    for abbreviation in published:
        assert abbreviation.source, abbreviation.acronym  # every expansion says where it is from
    # Used on the site but never spelled out by a source: drafts, with nothing invented.
    for acronym in ["CPAS", "FLE", "RàN", "MENA", "ISP"]:
        draft = Abbreviation.objects.get(acronym=acronym)
        assert not draft.live and draft.expansion == "" and draft.note, acronym


def test_the_glossary_page_lists_the_published_acronyms(client):
    html = unescape(client.get("/glossaire/").content.decode())
    assert "<dt>PEOE</dt>" in html and PEOE in html
    assert "<dt>CPAS</dt>" not in html
    assert 'id="sigle-peoe"' in html
    assert 'href="/glossaire/"' in client.get("/").content.decode()  # linked from the footer


def test_acronyms_are_explained_on_their_first_use_only(client):
    action = page_at(ACTION_WITH_PEOE_TWICE)
    assert action.text.count("PEOE") == 2
    html = unescape(client.get(ACTION_WITH_PEOE_TWICE).content.decode())
    assert html.count(f'<abbr title="{PEOE}">PEOE</abbr>') == 1
    assert "<abbr title" not in html.split("<main")[0]  # not in the page's head or menu
    assert '<abbr title="">CPAS' not in html and ">CPAS</abbr>" not in html  # a draft


def test_a_new_expansion_shows_once_published(client):
    draft = Abbreviation.objects.get(acronym="CPAS")
    draft.expansion = "Développement de test"
    draft.save_revision().publish()
    html = client.get("/ppli/plan-2017-2020/logement/objectif-18/action-18-1/").content.decode()
    assert '<abbr title="Développement de test">CPAS</abbr>' in html


def test_marking_keeps_whole_words_and_escapes_the_text():
    marker = AbbreviationMarker({"ONE": "Office de test", "PST": "Plan de test"})
    assert marker.mark("ONEM, ONE & <ONE>") == (
        'ONEM, <abbr title="Office de test">ONE</abbr> &amp; &lt;ONE&gt;'
    )
    assert marker.mark("PST-3 et PST") == 'PST-3 et <abbr title="Plan de test">PST</abbr>'
    assert AbbreviationMarker({}).mark("<b>") == "&lt;b&gt;"
