"""The re-ranking of the first results (search/ranking.py), without an engine."""

from dataclasses import dataclass

from search.ranking import RankedResults, names_each_other, normalised, rank


@dataclass
class Item:
    title: str
    thematic: bool = False


def ranked_titles(items, query):
    return [item.title for item in rank(items, query, preferred=lambda item: item.thematic)]


def test_normalised_ignores_case_accents_and_punctuation():
    assert normalised("Répertoire « petite enfance »") == "repertoire petite enfance"
    assert normalised("  SANS-PAPIERS ") == normalised("sans papiers")


def test_exact_titles_then_named_thematics_then_engine_order():
    items = [
        Item("Co-construire un plan (livret PDF)"),
        Item("Fiches « Mobilité »"),
        Item("Mobilité", thematic=True),
        Item("Objectif 31 : Développer un plan mobilité."),
        Item("Santé", thematic=True),
    ]
    assert ranked_titles(items, "mobilite") == [
        "Mobilité",
        "Co-construire un plan (livret PDF)",
        "Fiches « Mobilité »",
        "Objectif 31 : Développer un plan mobilité.",
        "Santé",
    ]


def test_a_thematic_is_named_either_way():
    assert names_each_other("Lutte contre le racisme", "racisme")
    assert names_each_other("Asile", "demandeurs d'asile")
    assert not names_each_other("Santé", "demandeurs d'asile")
    items = [Item("Préambule"), Item("Santé", True), Item("Asile", True)]
    assert ranked_titles(items, "demandeurs d'asile") == ["Asile", "Préambule", "Santé"]


def test_a_title_that_is_not_a_thematic_only_moves_when_exact():
    items = [Item("Livret"), Item("Lutte contre le racisme"), Item("Racisme")]
    assert ranked_titles(items, "racisme") == ["Racisme", "Livret", "Lutte contre le racisme"]


def test_only_common_words_move_nothing():
    items = [Item("Livret"), Item("Les", True)]
    assert ranked_titles(items, "les") == ["Les", "Livret"]  # exact title
    assert ranked_titles(items, "de la") == ["Livret", "Les"]


class FakeResults:
    """Engine results: slices and a count, as Wagtail's SearchResults."""

    def __init__(self, items):
        self.items = items
        self.slices = []

    def count(self):
        return len(self.items)

    def __getitem__(self, key):
        self.slices.append((key.start, key.stop))
        return self.items[key]


def test_ranked_results_reorder_only_inside_the_window():
    items = [Item(f"Page {n}") for n in range(30)]
    items[12] = Item("Exact")
    engine = FakeResults(items)
    ranked = RankedResults(engine, "exact", window=20, preferred=lambda item: item.thematic)
    assert ranked.count() == 30
    first = ranked[0:10]
    assert first[0].title == "Exact"
    every = first + ranked[10:20] + ranked[20:30]
    assert len(every) == 30 and len({id(item) for item in every}) == 30
    assert ranked[25:30] == items[25:30]
    assert ranked[15:25] == ranked.head()[15:20] + items[20:25]
    assert ranked[3] is ranked[3:4][0]
    # The window was read once from the engine.
    assert engine.slices.count((None, 20)) == 1
