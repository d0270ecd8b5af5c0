"""Search synonyms and acronyms: the query is widened on every engine, and Elasticsearch /
OpenSearch indexes carry a synonym filter built from the same data."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from glossary.models import Abbreviation, SearchSynonym
from search import query as search_query
from search.backends import SEARCH_ANALYZER, FrenchOpenSearch3Backend, synonym_rules

pytestmark = pytest.mark.django_db

OPENSEARCH = "search.backends.FrenchOpenSearch3Backend"


def alternatives(query_string, groups):
    return [part.alternatives for part in search_query.parts(query_string, groups)]


def test_an_expression_is_recognised_by_its_stems_and_widened():
    groups = [["FLE", "français langue étrangère", "cours de français"]]
    assert alternatives("cours de francais à Namur", groups) == [
        ["cours francais", "FLE", "français langue étrangère"],
        ["Namur"],
    ]


def test_plural_and_apostrophes_do_not_hide_an_expression():
    groups = [["demandeur d'asile", "réfugié"]]
    assert alternatives("demandeurs d’asile", groups) == [["demandeurs asile", "réfugié"]]


def test_an_acronym_finds_its_expansion_and_the_expansion_the_acronym():
    groups = [["PEOE", "personnes étrangères et d'origine étrangère"]]
    # The booklet says "ou": stop words aside, the two wordings are one.
    assert alternatives("personnes étrangères ou d'origine étrangère", groups)[0][1] == "PEOE"
    expansion = "personnes étrangères et d'origine étrangère"
    assert alternatives("PEOE", groups)[0] == ["PEOE", expansion]


def test_only_common_words_are_searched_in_titles_as_typed():
    assert search_query.plan("qui sommes-nous", groups=[]) == search_query.SearchPlan(None, None)
    assert "Qui sommes-nous ?" in titles("qui sommes-nous")


def test_a_synonym_line_needs_two_expressions_of_reasonable_length():
    with pytest.raises(ValidationError):
        SearchSynonym(terms="FLE\n fle ").full_clean()
    with pytest.raises(ValidationError):
        SearchSynonym(terms="FLE\n" + "x" * 101).full_clean()
    SearchSynonym(terms="FLE\nfrançais langue étrangère").full_clean()


def test_the_initial_synonyms_are_loaded_from_the_seeds_words():
    lines = [synonym.expressions() for synonym in SearchSynonym.objects.all()]
    assert ["interprète", "interprétariat", "traducteur"] in lines
    assert any("FLE" in line and "cours de français" in line for line in lines)


def test_a_draft_acronym_widens_nothing():
    # CPAS has no sourced expansion: it stays a draft and is no synonym.
    assert not Abbreviation.objects.get(acronym="CPAS").live
    assert all("CPAS" not in group for group in search_query.synonym_groups())


def titles(query_string):
    pages = Page.objects.live().public()
    return [page.title for page in search_query.search(pages, query_string)[:10]]


def test_a_synonym_added_by_an_editor_is_used_at_once(client):
    assert not any("Action 30" in title for title in titles("truchement"))
    SearchSynonym.objects.create(terms="truchement\ninterprétariat")
    assert any("Action 30" in title for title in titles("truchement"))


def test_an_and_search_that_finds_nothing_falls_back_to_any_word():
    # No page says both; each word alone is found.
    assert titles("interprétariat zygomatique")


def test_synonym_rules_are_the_engines_format():
    SearchSynonym.objects.create(terms="un, deux\ntrois")
    assert "un  deux, trois" in synonym_rules()
    assert "PEOE, personnes étrangères et d'origine étrangère" in synonym_rules()


@pytest.fixture
def opensearch(osmem_server, django_capture_on_commit_callbacks):
    with osmem_server.clone() as clone:
        backends = {"default": {"BACKEND": OPENSEARCH, "URLS": [clone.url]}}
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            call_command("update_index", stdout=io.StringIO())
            yield FrenchOpenSearch3Backend({"URLS": [clone.url]})


def index_synonyms(backend):
    """The synonym rules of the pages' index, as the server stores them."""
    index = backend.get_index_for_model(Page)
    settings = backend.es.indices.get_settings(index=index.name)
    (index_settings,) = settings.values()
    analysis = index_settings["settings"]["index"]["analysis"]
    return analysis["filter"]["site_synonyms"]["synonyms"]


def test_the_index_is_created_with_the_synonym_filter(opensearch):
    rules = index_synonyms(opensearch)
    assert "interprète, interprétariat, traducteur" in rules
    index = opensearch.get_index_for_model(Page)
    mapping = opensearch.es.indices.get_mapping(index=index.name)
    (properties,) = [m["mappings"]["properties"] for m in mapping.values()]
    assert properties["title"]["search_analyzer"] == SEARCH_ANALYZER


def test_a_changed_synonym_rebuilds_the_index(opensearch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SearchSynonym.objects.create(terms="truchement\ninterprétariat")
    assert "truchement, interprétariat" in index_synonyms(opensearch)


def test_interprete_finds_interpretariat_by_its_stem_without_any_synonym():
    SearchSynonym.objects.all().delete()
    assert any(title.startswith("Action 30 ") for title in titles("interprète"))


def test_entreprise_finds_l_entreprise():
    # Objective 5 says "… adaptées au monde de l'entreprise".
    assert any(title.startswith("Objectif 5 ") for title in titles("entreprise"))


def test_diversite_en_entreprise_finds_objective_5():
    assert any(title.startswith("Objectif 5 ") for title in titles("diversité en entreprise"))
