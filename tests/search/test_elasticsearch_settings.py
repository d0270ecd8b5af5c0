"""The Elasticsearch 9 index, checked without a server: French analysis on every text field.

No Elasticsearch server can run on our machines; the client is given a fake transport and
the requests the backend would send are inspected.
"""

from unittest import mock

import pytest
from wagtail.models import Page

from resources.models import ResourcePage
from search.backends import ANALYZER, SEARCH_ANALYZER, FrenchElasticsearch9Backend

EXPECTED_CHAIN = ["french_elision", "lowercase", "asciifolding", "french_stop", "french_stemmer"]


@pytest.fixture
def backend():
    return FrenchElasticsearch9Backend(
        {"URLS": ["http://search.invalid:9200"], "INDEX_PREFIX": "portail_cai_"}
    )


def test_index_settings_define_the_french_analyzer(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"][ANALYZER]["filter"] == EXPECTED_CHAIN
    assert analysis["filter"]["french_stemmer"] == {"type": "stemmer", "language": "french"}
    assert analysis["filter"]["french_stop"]["stopwords"] == "_french_"
    assert {"l", "d", "qu", "jusqu"} <= set(analysis["filter"]["french_elision"]["articles"])
    # Wagtail's own analyzers (autocomplete) are kept beside ours.
    assert "edgengram_analyzer" in analysis["analyzer"]


def test_index_settings_merge_with_index_settings_from_the_configuration():
    backend = FrenchElasticsearch9Backend(
        {
            "URLS": ["http://search.invalid:9200"],
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 2}}},
        }
    )
    assert backend.settings["settings"]["index"]["number_of_replicas"] == 2
    assert ANALYZER in backend.settings["settings"]["analysis"]["analyzer"]


def text_fields(properties, prefix=""):
    for name, mapping in properties.items():
        if mapping.get("type") == "text":
            yield prefix + name, mapping
        yield from text_fields(mapping.get("properties", {}), prefix=f"{prefix}{name}.")


def test_every_full_text_field_of_a_resource_is_french(backend):
    properties = backend.mapping_class(ResourcePage).get_mapping()["properties"]
    fields = dict(text_fields(properties))
    assert fields["title"]["analyzer"] == ANALYZER
    assert fields["_all_text"]["analyzer"] == ANALYZER
    assert fields["resources_resourcepage__summary"]["analyzer"] == ANALYZER
    # The text extracted from the resource's PDF, a nested field, is French too.
    assert fields["resources_resourcepage__document.extracted_text"]["analyzer"] == ANALYZER
    # Autocomplete keeps Wagtail's edge n-grams; filters stay exact keywords.
    assert fields["_edgengrams"]["analyzer"] == "edgengram_analyzer"
    assert properties["resources_resourcepage__kind_filter"]["type"] == "keyword"


@pytest.mark.django_db  # the index is created with the synonyms of the database
def test_the_index_is_created_with_these_settings_and_mapping(backend):
    with mock.patch.object(backend.es, "indices") as indices:
        index = backend.get_index_for_model(Page)
        index.put()
        index.add_model(ResourcePage)
    assert index.name == "portail_cai_wagtailcore_page"
    created = indices.create.call_args.kwargs
    assert created["index"] == "portail_cai_wagtailcore_page"
    analysis = created["settings"]["analysis"]
    assert analysis["analyzer"][ANALYZER]["filter"] == EXPECTED_CHAIN
    # At search time, the same chain with the site's synonyms after the folding.
    assert analysis["analyzer"][SEARCH_ANALYZER]["filter"] == [
        *EXPECTED_CHAIN[:3],
        "site_synonyms",
        *EXPECTED_CHAIN[3:],
    ]
    assert (
        "interprète, interprétariat, traducteur" in analysis["filter"]["site_synonyms"]["synonyms"]
    )
    mapping = indices.put_mapping.call_args.kwargs
    assert mapping["properties"]["title"]["analyzer"] == ANALYZER
    assert mapping["properties"]["title"]["search_analyzer"] == SEARCH_ANALYZER
