"""What the site search returns: the pages a filter allows, and each result's description.

Search results come back as base ``Page`` objects; ``describe`` fetches their specific
versions with one query per page type (never one per result) to show kind, thematics,
date and an excerpt around the words searched.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Page

from thematiques.models import tagged_pages

from .french import WORD, fold

RESOURCE_MODEL = "resources.ResourcePage"
NEWS_MODEL = "resources.NewsPage"
SERVICE_MODEL = "directory.DirectoryEntryPage"
EVENT_MODEL = "agenda.EventPage"
EVENT_SESSION_MODEL = "agenda.EventSession"
PPLI_APP = "ppli"
EXCERPT_WORDS = 30


def _content_types(*labels):
    return ContentType.objects.get_for_models(*[apps.get_model(label) for label in labels]).values()


def _ppli_content_types():
    models = [
        model for model in apps.get_app_config(PPLI_APP).get_models() if issubclass(model, Page)
    ]
    return ContentType.objects.get_for_models(*models).values()


def pages_of_type(pages, kind):
    """Restrict ``pages`` to a type of the search form ('' keeps everything)."""
    if not kind:
        return pages
    if kind == "ressource":
        return pages.filter(content_type__in=_content_types(RESOURCE_MODEL))
    if kind == "actualite":
        return pages.filter(content_type__in=_content_types(NEWS_MODEL))
    if kind == "ppli":
        return pages.filter(content_type__in=_ppli_content_types())
    if kind == "service":
        return pages.filter(content_type__in=_content_types(SERVICE_MODEL))
    if kind == "evenement":
        return pages.filter(content_type__in=_content_types(EVENT_MODEL))
    if kind == "page":
        special = [
            *_content_types(RESOURCE_MODEL, NEWS_MODEL, SERVICE_MODEL, EVENT_MODEL),
            *_ppli_content_types(),
        ]
        return pages.exclude(content_type__in=special)
    resources = apps.get_model(RESOURCE_MODEL).objects.filter(kind=kind)
    return pages.filter(pk__in=resources.values("pk"))


def upcoming_first(pages):
    """Events found, those still to come first in the order of their next session, then the
    past ones in the engine's order (one query): a searcher wants the next date, not a
    2016 day that happens to match better."""
    today = timezone.localdate()
    sessions = apps.get_model(EVENT_SESSION_MODEL).objects.filter(
        event_id__in=[page.pk for page in pages], cancelled=False, date__gte=today
    )
    next_dates = dict(
        sessions.values("event_id").annotate(next=Min("date")).values_list("event_id", "next")
    )
    return sorted(
        pages, key=lambda page: (page.pk not in next_dates, next_dates.get(page.pk) or today)
    )


def pages_of_thematic(pages, thematic):
    """Restrict ``pages`` to those tagged with the thematic, and the thematic page itself."""
    return pages.filter(Q(pk=thematic.pk) | Q(pk__in=tagged_pages(thematic).values("pk")))


@dataclass
class Result:
    """One search result as the template shows it."""

    page: Page
    kind: str
    date: datetime.date | None = None
    updated: datetime.date | None = None
    thematics: list = field(default_factory=list)
    excerpt: str = ""


def describe(pages, query):
    """Describe a page of search results, in their order, with a bounded number of queries."""
    ids_by_model = _ids_by_model(pages)
    specific = _specific_pages(ids_by_model)
    thematics = _thematic_tags(ids_by_model)
    terms = search_terms(query)
    return [
        _describe(specific.get(page.pk, page), thematics.get(page.pk, []), terms) for page in pages
    ]


def _ids_by_model(pages):
    """{specific page model: [ids of the pages of that type]}."""
    ids = {}
    for page in pages:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        if model is not None:  # None: a page type whose code was removed
            ids.setdefault(model, []).append(page.pk)
    return ids


def _specific_pages(ids_by_model):
    specific = {}
    for model, ids in ids_by_model.items():
        queryset = model.objects.filter(pk__in=ids)
        if _has_field(model, "document"):
            queryset = queryset.select_related("document")
        specific.update((page.pk, page) for page in queryset)
    return specific


@dataclass(frozen=True)
class ThematicTag:
    """A thematic as a result shows it."""

    title: str
    slug: str

    def sort_key(self):
        return self.title.casefold()


def _thematic_tags(ids_by_model):
    """{page id: [its live thematics]} for pages of any types, in one query.

    Each tagging model has its own many-to-many table; their rows are read in one UNION.
    """
    parts = []
    for model, ids in ids_by_model.items():
        if not _has_field(model, "thematics"):
            continue
        through = model._meta.get_field("thematics").remote_field.through
        source = f"{model._meta.model_name}_id"
        parts.append(
            through.objects.filter(**{f"{source}__in": ids, "thematicpage__live": True})
            .order_by()
            .values_list(source, "thematicpage__title", "thematicpage__slug")
        )
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    tags = {}
    for page_id, title, slug in rows:
        tags.setdefault(page_id, []).append(ThematicTag(title, slug))
    return {page_id: sorted(found, key=ThematicTag.sort_key) for page_id, found in tags.items()}


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _describe(page, thematics, terms):
    kind_display = getattr(page, "get_kind_display", None)
    kind = kind_display() if kind_display else page.specific_class._meta.verbose_name
    own_date = getattr(page, "date", None)
    return Result(
        page=page,
        kind=str(kind),
        date=own_date if isinstance(own_date, datetime.date) else None,
        updated=page.last_published_at.date() if page.last_published_at else None,
        thematics=thematics,
        excerpt=excerpt(_texts(page), terms),
    )


def _texts(page):
    """The texts an excerpt may come from, most editorial first."""
    texts = [
        page.search_description,
        getattr(page, "intro", ""),
        getattr(page, "summary", ""),
        # Plan objectives and actions, working groups: their own text is what they say.
        getattr(page, "text", ""),
        getattr(page, "description", ""),
        # Last resort, for a page with no text of its own (a thematic without introduction).
        getattr(page, "search_summary", ""),
    ]
    body = getattr(page, "body", None)
    if body is not None and hasattr(body, "stream_block"):
        texts.extend(body.stream_block.get_searchable_content(body))
    document = getattr(page, "document", None)
    if document is not None:
        texts.append(getattr(document, "extracted_text", ""))
    return [" ".join(str(text).split()) for text in texts if text]


# Words too common to mark in an excerpt (the engines ignore them too).
STOP_WORDS = set(
    "les des une aux pour par sur dans avec sans vos nos ses leur leurs que qui quoi "
    "est sont ont cette ces son sa mon ma ton ta notre votre pas plus".split()
)


def search_terms(query):
    """Folded stems of the searched words: plural endings dropped, common words ignored."""
    stems = []
    for word in WORD.findall(fold(query)):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        stems.append(re.sub(r"(s|x)$", "", word) if len(word) > 3 else word)
    return stems


def excerpt(texts, terms):
    """About thirty words of the text that holds most searched words, around them, marked."""
    best = None
    for text in texts:
        words = text.split(" ")
        found = [(i, _matched_terms(word, terms)) for i, word in enumerate(words)]
        hits = [(i, matched) for i, matched in found if matched]
        if not hits:
            continue
        start, count = _densest_window(hits)
        if best is None or count > best[2]:
            best = (words, start, count)
    if best is None:
        return Truncator(texts[0]).words(EXCERPT_WORDS, truncate=" …") if texts else ""
    words, start, _ = best
    window = words[start : start + EXCERPT_WORDS]
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_WORDS < len(words) else ""
    return mark_safe(prefix + " ".join(_mark(word, terms) for word in window) + suffix)


def _densest_window(hits):
    """Where a window starting a little before a hit holds the most distinct terms."""
    best_start, best_count = 0, 0
    for position, _ in hits:
        start = max(0, position - EXCERPT_WORDS // 3)
        inside = set()
        for other, matched in hits:
            if start <= other < start + EXCERPT_WORDS:
                inside |= matched
        if len(inside) > best_count:
            best_start, best_count = start, len(inside)
    return best_start, best_count


def _matched_terms(word, terms):
    tokens = WORD.findall(fold(word))
    return {term for term in terms for token in tokens if token.startswith(term)}


def _mark(word, terms):
    if _matched_terms(word, terms):
        return f"<mark>{escape(word)}</mark>"
    return escape(word)
