"""French typography for rendered HTML: no-break spaces and one apostrophe.

French sets a space before « ? ! ; : » and inside « guillemets »; a plain space there lets
the line break before the sign (« Par qui » at the end of a line, « ? » alone on the next).
`french_typography` puts a narrow no-break space (U+202F) before ? ! ; and a no-break space
(U+00A0) before : and inside guillemets, and turns the straight apostrophe between two
letters (d'action, aujourd'hui) into the typographic one (’), so that the site has one
apostrophe style.

It works on HTML: tags, comments and attributes are left exactly as they are, and so are
entities (&amp;), addresses (https://…, www.…, e-mail addresses), times (10:30) and the
text of <code>, <pre>, <kbd>, <samp>, <script>, <style> and <textarea>. Applying it twice
gives what applying it once gives. A string without any of the signs it cares about is
returned at once: the plan pages pass thousands of short labels through it.
"""

import re

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

NNBSP = "\u202f"  # narrow no-break space: before ? ! ;
NBSP = "\u00a0"  # no-break space: before : and inside « »
APOSTROPHE = "\u2019"

# Any sign the function may change; text without one is returned untouched.
_TRIGGER = re.compile(r"[?!;:«»']|&#x27;|&#39;|&apos;")
# Tags and comments (never changed) and the text between them.
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})

_SPACES = "[ \u00a0\u202f]"
# What may stand right before a sign that takes a space when none was typed: a letter or
# digit, or a closing mark. Anything else (another sign, an opening bracket) is left alone.
_BEFORE = r"(?:[^\W_]|[»)\]’”])"
# What may follow such a sign: a space, the end of the text, a closing mark or another sign.
_AFTER = r"(?=\s|$|[)\]»”’?!;:.,…<]|&)"
_TEXT = re.compile(
    # The straight apostrophe between two letters, typed or escaped by Django (first: it
    # may be written as an entity).
    r"(?<=[^\W\d_])(?P<apostrophe>'|&#x27;|&#39;|&apos;)(?=[^\W\d_]|«)"
    # Kept as they are: entities, addresses and e-mail addresses.
    r"|(?P<keep>&[#a-zA-Z0-9]+;|(?:https?|ftp)://\S+|mailto:\S+|www\.\S+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+)"
    # « ? ! ; » with a space typed before them, or right after a word.
    rf"|{_SPACES}+(?P<tight>[?!;])"
    rf"|(?<={_BEFORE})(?P<tight_glued>[?!;]){_AFTER}"
    # « : » with a space typed before it, or right after a word (« Note: » but not 10:30).
    rf"|{_SPACES}+(?P<colon>:)"
    rf"|(?<={_BEFORE})(?P<colon_glued>:){_AFTER}"
    # Inside guillemets.
    rf"|(?P<open>«){_SPACES}*"
    rf"|{_SPACES}*(?P<close>»)"
)


def _replace(match):
    kind = match.lastgroup
    if kind == "keep":
        return match.group()
    if kind in ("tight", "tight_glued"):
        return NNBSP + match.group(kind)
    if kind in ("colon", "colon_glued"):
        return NBSP + ":"
    if kind == "open":
        return "«" + NBSP
    if kind == "close":
        return NBSP + "»"
    return APOSTROPHE


def _text(text):
    return _TEXT.sub(_replace, text) if _TRIGGER.search(text) else text


def french_typography(html):
    """The HTML with French spacing and apostrophes in its text, tags untouched."""
    if not html or not _TRIGGER.search(html):
        return html
    if "<" not in html:
        return _text(html)
    parts = _TAG.split(html)
    verbatim = 0  # depth inside elements whose text is code, not prose
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a comment
            name = _TAG_NAME.match(part)
            if name and name.group(2).lower() in _VERBATIM and not part.endswith("/>"):
                verbatim = max(0, verbatim + (-1 if name.group(1) else 1))
        elif not verbatim and part:
            parts[index] = _text(part)
    return "".join(parts)


def typographie(value):
    """Template-friendly form: plain text is escaped first, safe HTML is kept; returns safe HTML."""
    if value is None or value == "":
        return value
    return mark_safe(french_typography(str(conditional_escape(value))))


def thousands(number):
    """A whole number written the French way, groups of three digits held together by a
    narrow no-break space: 5000 → "5 000" (the contact form's limits, the import reports)."""
    return f"{number:,}".replace(",", NNBSP)
