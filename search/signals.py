"""A changed synonym or acronym reaches the next search: the cached list is forgotten
(search/query.py) and, on Elasticsearch and OpenSearch, whose synonym filter is part of the
index, the index is rebuilt once the change is committed."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.search.backends import get_search_backend

from glossary.models import Abbreviation, SearchSynonym

from .backends import FrenchBackendMixin
from .query import SYNONYMS_CACHE_KEY
from .tasks import rebuild_search_index


def engine_has_synonym_filter():
    """Whether the default search backend keeps synonyms in its index."""
    return isinstance(get_search_backend(), FrenchBackendMixin)


def synonyms_changed(sender, **kwargs):
    """Forget the cached synonyms; rebuild the engine's index after the commit, in the
    background."""
    cache.delete(SYNONYMS_CACHE_KEY)
    if engine_has_synonym_filter():
        transaction.on_commit(rebuild_search_index.enqueue)


def connect():
    """Called by the app's ready()."""
    for model in (SearchSynonym, Abbreviation):
        post_save.connect(synonyms_changed, sender=model, dispatch_uid=f"synonyms-{model}")
        post_delete.connect(synonyms_changed, sender=model, dispatch_uid=f"synonyms-del-{model}")
