"""French typography of rendered text: no-break spaces and one apostrophe, tags untouched."""

import re

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.typography import french_typography, thousands, typographie

NNBSP, NBSP = "\u202f", "\u00a0"
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Par qui ?", f"Par qui{NNBSP}?"),
        ("Par qui?", f"Par qui{NNBSP}?"),
        ("Attention !", f"Attention{NNBSP}!"),
        ("asile ; logement", f"asile{NNBSP}; logement"),
        ("Horaires : 9 h", f"Horaires{NBSP}: 9 h"),
        ("Note: voir", f"Note{NBSP}: voir"),
        ("« Made in PPLI »", f"«{NBSP}Made in PPLI{NBSP}»"),
        ("«PPLI»", f"«{NBSP}PPLI{NBSP}»"),
        ("Centre d'action interculturelle", "Centre d’action interculturelle"),
        ("aujourd'hui, l'« accueil »", f"aujourd’hui, l’«{NBSP}accueil{NBSP}»"),
        # Escaped by Django's autoescape.
        ("d&#x27;accueil et d&#39;intégration", "d’accueil et d’intégration"),
        # Left alone: times, addresses, e-mail addresses, entities, quotes that are not
        # apostrophes, signs that follow another sign.
        ("de 9:30 à 12:00", "de 9:30 à 12:00"),
        ("https://www.cainamur.be/?page=2;x", "https://www.cainamur.be/?page=2;x"),
        ("Voir www.discri.be/concepts?id=3", "Voir www.discri.be/concepts?id=3"),
        ("mailto:info@cainamur.be", "mailto:info@cainamur.be"),
        ("Écrire à info@cainamur.be", "Écrire à info@cainamur.be"),
        ("CPAS &amp; ville", "CPAS &amp; ville"),
        ("les années '90", "les années '90"),
        (f"Déjà fait{NNBSP}?", f"Déjà fait{NNBSP}?"),
    ],
)
def test_french_spacing_and_apostrophes(text, expected):
    assert french_typography(text) == expected


def test_tags_attributes_and_code_are_untouched():
    html = (
        '<p><a href="https://exemple.be/?q=1;2" title="Pour qui ?">Pour qui ?</a> '
        "<code>x ? y : z</code> <!-- note : à voir ? --> "
        "<pre>a'b ; c</pre> <abbr title=\"Centre d'action\">C.A.I.</abbr> : fin</p>"
    )
    assert french_typography(html) == (
        '<p><a href="https://exemple.be/?q=1;2" title="Pour qui ?">Pour qui\u202f?</a> '
        "<code>x ? y : z</code> <!-- note : à voir ? --> "
        "<pre>a'b ; c</pre> <abbr title=\"Centre d'action\">C.A.I.</abbr>\u00a0: fin</p>"
    )


def test_the_template_filter_escapes_plain_text_and_keeps_safe_html():
    assert typographie("<b>Par qui ?</b>") == f"&lt;b&gt;Par qui{NNBSP}?&lt;/b&gt;"
    assert typographie(mark_safe("<b>Par qui ?</b>")) == f"<b>Par qui{NNBSP}?</b>"
    assert isinstance(typographie("l'été"), SafeString)
    assert typographie("") == "" and typographie(None) is None
    rendered = Template("{% load typography_tags %}{{ title|typographie }}").render(
        Context({"title": "Pour qui ? L'accueil & « vous »"})
    )
    assert rendered == f"Pour qui{NNBSP}? L’accueil &amp; «{NBSP}vous{NBSP}»"


@pytest.mark.parametrize(
    ("number", "expected"),
    [(0, "0"), (255, "255"), (5000, f"5{NNBSP}000"), (1_048_576, f"1{NNBSP}048{NNBSP}576")],
)
def test_numbers_are_grouped_by_three_with_a_narrow_no_break_space(number, expected):
    assert thousands(number) == expected


def test_text_without_any_sign_is_returned_as_it_is():
    label = "Objectif 18 – Logement"
    assert french_typography(label) is label


# Hypothesis: HTML made of tags with any attribute values and text with the signs that count.
SIGNS = "ab éÀ1 '?!;:«»&#x27/.\u00a0\u202f"
words = st.text(alphabet=SIGNS, max_size=20)
attribute = st.text(alphabet=SIGNS.replace("&", "") + "<", max_size=20)
tags = st.one_of(
    st.builds(
        lambda name, value: f'<{name} title="{value}">',
        st.sampled_from("p a abbr em code pre".split()),
        attribute,
    ),
    st.sampled_from(
        ["</p>", "</a>", "</abbr>", "</em>", "</code>", "</pre>", "<br>", "<!-- ? : -->"]
    ),
)
html_documents = st.lists(st.one_of(words, tags), max_size=8).map("".join)


# The machine running the suite may be busy: generating is cheap, waiting for a core is not.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(html_documents)
@example("« »")
@example("a'b'c ; d:e : f?! g »?")
@example("<code>a ? <em>b</em> ; c</code> d ?")
def test_tags_are_unchanged_and_twice_is_once(html):
    once = french_typography(html)
    assert TAG.findall(once) == TAG.findall(html)
    assert french_typography(once) == once


@given(st.text(alphabet=SIGNS, max_size=40))
def test_only_spaces_and_apostrophes_change(text):
    """Removing the spaces and reading ’ as ' gives back the same letters and signs."""

    def letters(value):
        value = value.replace("’", "'").replace("&#x27;", "'")
        return re.sub(r"[ \u00a0\u202f]", "", value)

    assert letters(french_typography(text)) == letters(text)
