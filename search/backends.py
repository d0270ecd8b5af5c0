"""The site's search backends, all in French: the database one (SQLite or PostgreSQL, by the
database in use) and Elasticsearch 9 / OpenSearch 3 ones that analyse every text field in French.

Wagtail's mappings leave text fields on the engine's default analyzer. We name a French
analyzer on each of them instead of relying on ``analysis.analyzer.default``, so that the
mapping says what it does and every engine that implements analyzers honours it.
"""

from copy import deepcopy

from django.db import connection
from modelsearch.backends import database, elasticsearch9, opensearch3
from modelsearch.utils import deep_update

ANALYZER = "french_folded"
# The same at search time, with the site's synonyms (Fragments › Synonymes de recherche and the
# published acronyms): "cours de français" also matches "FLE". Filled in when an index is
# created (SynonymIndexMixin), so a rebuild takes the current list; search/signals.py rebuilds
# when a synonym changes.
SEARCH_ANALYZER = "french_search"

# The two analyzers' filters: the synonyms are read between folding and stemming.
FOLDING = ["french_elision", "lowercase", "asciifolding"]
STEMMING = ["french_stop", "french_stemmer"]

# French elision (l', d', qu'…), accents folded ("memorandum" finds "mémorandum"),
# French stop words and the Snowball French stemmer (singular finds plural). Lucene's
# light_french would do as well on Elasticsearch, but osmem-server, the OpenSearch-compatible
# server our tests run, mishandles it (every document matches); Snowball behaves on both.
FRENCH_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": [
                        "l",
                        "m",
                        "t",
                        "qu",
                        "n",
                        "s",
                        "j",
                        "d",
                        "c",
                        "jusqu",
                        "quoiqu",
                        "lorsqu",
                        "puisqu",
                    ],  # fmt: skip
                },
                "french_stop": {"type": "stop", "stopwords": "_french_"},
                "french_stemmer": {"type": "stemmer", "language": "french"},
                # lenient: a rule the analyzer cannot read is skipped, never a failed rebuild.
                "site_synonyms": {"type": "synonym_graph", "synonyms": [], "lenient": True},
            },
            "analyzer": {
                ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": FOLDING + STEMMING},
                SEARCH_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [*FOLDING, "site_synonyms", *STEMMING],
                },
            },
        }
    }
}


def with_french_analyzer(properties):
    """Name the French analyzers on every text field that has none (nested fields too)."""
    for mapping in properties.values():
        if mapping.get("type") == "text" and "analyzer" not in mapping:
            mapping["analyzer"] = ANALYZER
            mapping["search_analyzer"] = SEARCH_ANALYZER
        if "properties" in mapping:
            with_french_analyzer(mapping["properties"])
    return properties


class FrenchMappingMixin:
    """A mapping whose full-text fields use the French analyzer."""

    def get_mapping(self):
        mapping = super().get_mapping()
        with_french_analyzer(mapping["properties"])
        return mapping


class FrenchBackendMixin:
    """Adds the French analyzer to the index settings (on top of INDEX_SETTINGS)."""

    def __init__(self, params):
        super().__init__(params)
        self.settings = deep_update(deepcopy(FRENCH_ANALYSIS), self.settings)


def synonym_rules():
    """The site's synonyms as the engines' rules: "fle, francais langue etrangere, …"."""
    # Imported here: the backends are loaded with the settings, before the apps' models.
    from .query import synonym_groups

    return [
        ", ".join(expression.replace(",", " ") for expression in group)
        for group in synonym_groups()
    ]


class SynonymIndexMixin:
    """An index created with the synonyms of the moment (every rebuild creates one)."""

    def put(self):
        analysis = self.backend.settings["settings"]["analysis"]
        analysis["filter"]["site_synonyms"]["synonyms"] = synonym_rules()
        super().put()


class FrenchElasticsearch9Index(SynonymIndexMixin, elasticsearch9.Elasticsearch9Index):
    """Elasticsearch 9 index with the site's synonyms."""


class FrenchOpenSearch3Index(SynonymIndexMixin, opensearch3.OpenSearch3Index):
    """OpenSearch 3 index with the site's synonyms."""


class FrenchElasticsearch9Mapping(FrenchMappingMixin, elasticsearch9.Elasticsearch9Mapping):
    """Elasticsearch 9 mapping with French text fields."""


class FrenchOpenSearch3Mapping(FrenchMappingMixin, opensearch3.OpenSearch3Mapping):
    """OpenSearch 3 mapping with French text fields."""


class FrenchElasticsearch9Backend(FrenchBackendMixin, elasticsearch9.Elasticsearch9SearchBackend):
    """Wagtail's elasticsearch9 backend, in French."""

    mapping_class = FrenchElasticsearch9Mapping
    index_class = FrenchElasticsearch9Index


class FrenchOpenSearch3Backend(FrenchBackendMixin, opensearch3.OpenSearch3SearchBackend):
    """Wagtail's opensearch3 backend, in French."""

    mapping_class = FrenchOpenSearch3Mapping
    index_class = FrenchOpenSearch3Index


def FrenchDatabaseBackend(params):  # noqa: N802 (named as the backend classes it stands for)
    """Wagtail's database backend for the database in use, with French queries on SQLite's
    FTS5 and on PostgreSQL (search/database_backends.py); any other stays Wagtail's."""
    backend = database.SearchBackend(params)
    # Imported here, for the database in use only: each module reads models that exist only
    # on its database (SQLite's full-text table).
    if connection.vendor == "sqlite":
        from . import sqlite_search as french
    elif connection.vendor == "postgresql":
        from . import postgres_search as french
    else:
        return backend
    # Wagtail may have fallen back (SQLite without FTS5): then its backend stays.
    if type(backend) is not french.WAGTAIL_BACKEND:
        return backend
    return french.FrenchBackend(params)
