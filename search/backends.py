"""Elasticsearch 9 and OpenSearch 3 backends that analyse every text field in French.

Wagtail's mappings leave text fields on the engine's default analyzer. We name a French
analyzer on each of them instead of relying on ``analysis.analyzer.default``, so that the
mapping says what it does and every engine that implements analyzers honours it.
"""

from copy import deepcopy

from modelsearch.backends import elasticsearch9, opensearch3
from modelsearch.utils import deep_update

ANALYZER = "french_folded"

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
            },
            "analyzer": {
                ANALYZER: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "french_elision",
                        "lowercase",
                        "asciifolding",
                        "french_stop",
                        "french_stemmer",
                    ],
                },
            },
        }
    }
}


def with_french_analyzer(properties):
    """Name the French analyzer on every text field that has none (nested fields too)."""
    for mapping in properties.values():
        if mapping.get("type") == "text" and "analyzer" not in mapping:
            mapping["analyzer"] = ANALYZER
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


class FrenchElasticsearch9Mapping(FrenchMappingMixin, elasticsearch9.Elasticsearch9Mapping):
    """Elasticsearch 9 mapping with French text fields."""


class FrenchOpenSearch3Mapping(FrenchMappingMixin, opensearch3.OpenSearch3Mapping):
    """OpenSearch 3 mapping with French text fields."""


class FrenchElasticsearch9Backend(FrenchBackendMixin, elasticsearch9.Elasticsearch9SearchBackend):
    """Wagtail's elasticsearch9 backend, in French."""

    mapping_class = FrenchElasticsearch9Mapping


class FrenchOpenSearch3Backend(FrenchBackendMixin, opensearch3.OpenSearch3SearchBackend):
    """Wagtail's opensearch3 backend, in French."""

    mapping_class = FrenchOpenSearch3Mapping
