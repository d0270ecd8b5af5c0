"""Thematic pages are indexed with the titles of what they list, and indexed again when that
changes (thematiques/signals.py); working groups with the thematics of their axis
(ppli/signals.py). Re-indexing happens once per record, after the commit (core/indexing.py)."""

import pytest

from core.indexing import ReindexQueue
from ppli.models import ActionPage, WorkingGroupPage
from testing.factories import ActionPageFactory, ResourcePageFactory
from tests.conftest import page_at
from thematiques.models import ThematicPage
from thematiques.signals import thematics_to_index

pytestmark = pytest.mark.django_db

# A word no initial content says (stemmed by the French search: singular and plural meet).
WORD = "xylophonistes"
HOUSING_OBJECTIVE = "/ppli/plan-2017-2020/logement/objectif-16/"


def found_thematics(word=WORD):
    return {page.slug for page in ThematicPage.objects.live().search(word)}


def thematic(slug):
    return ThematicPage.objects.get(slug=slug)


@pytest.fixture
def action():
    """A live action of the housing axis whose title says WORD, tagged with nothing yet."""
    # An action's title is made from its text (PlanItemPage.numbered_fields).
    return ActionPageFactory(parent=page_at(HOUSING_OBJECTIVE), text=f"Réunir les {WORD}.")


def publish(page, thematics=None):
    if thematics is not None:
        page.thematics.set([thematic(slug) for slug in thematics])
    page.save_revision().publish()


def test_a_thematic_is_indexed_with_the_words_of_the_titles_it_lists():
    words = thematic("asile").listed_titles().split()
    # Objective 33, "…centres d'accueil pour demandeurs d'asile…", each word once.
    assert {"demandeurs", "asile", "accueil"} <= set(words)
    assert len(words) == len({word.casefold() for word in words})
    assert "33" not in words and "d" not in words


def test_listed_titles_cost_a_bounded_number_of_queries(django_assert_max_num_queries):
    asile = thematic("asile")
    objective = page_at(HOUSING_OBJECTIVE)
    for number in range(20):
        page = ActionPageFactory(parent=objective, number=f"16.{50 + number}", text=f"Mot{number}")
        page.thematics.set([asile])
        page.save()
    for number in range(5):
        page = ResourcePageFactory(
            parent=page_at("/ressources/outils-et-publications/"), title=f"Fiche{number}"
        )
        page.thematics.set([asile])
        page.save()
    # The view restrictions, then the titles.
    with django_assert_max_num_queries(2):
        words = asile.listed_titles().split()
    assert {f"Mot{number}" for number in range(20)} <= set(words)
    assert {f"Fiche{number}" for number in range(5)} <= set(words)


def test_publishing_a_tagged_page_indexes_its_thematic(action, django_capture_on_commit_callbacks):
    assert "asile" not in found_thematics()
    with django_capture_on_commit_callbacks(execute=True):
        publish(action, ["asile"])
    assert "asile" in found_thematics()


def test_a_new_title_is_indexed(action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(action, ["asile"])
    action.text = "Réunir les violoncellistes."
    with django_capture_on_commit_callbacks(execute=True):
        publish(action)
    assert "asile" not in found_thematics()
    assert "asile" in found_thematics("violoncellistes")


def test_a_thematic_taken_off_a_live_page_is_indexed_again(
    action, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(action, ["asile", "sante"])
    assert {"asile", "sante"} <= found_thematics()
    with django_capture_on_commit_callbacks(execute=True):
        publish(ActionPage.objects.get(pk=action.pk), ["logement"])
    found = found_thematics()
    assert "logement" in found
    assert "asile" not in found and "sante" not in found


def test_unpublishing_or_deleting_a_tagged_page_indexes_its_thematic(
    action, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(action, ["asile"])
        other = ActionPageFactory(parent=page_at(HOUSING_OBJECTIVE), text=f"Former les {WORD}.")
        publish(other, ["sante"])
    assert {"asile", "sante"} <= found_thematics()
    with django_capture_on_commit_callbacks(execute=True):
        action.unpublish()
        other.delete()
    found = found_thematics()
    assert "asile" not in found and "sante" not in found


def test_a_draft_tagged_is_not_listed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = ActionPageFactory(parent=page_at(HOUSING_OBJECTIVE), text=WORD, live=False)
        draft.thematics.set([thematic("asile")])
        draft.save()
        draft.save_revision()
    assert "asile" not in found_thematics()
    assert WORD not in thematic("asile").listed_titles()


def test_many_publications_index_each_thematic_once_after_the_commit(
    django_capture_on_commit_callbacks,
):
    objective = page_at(HOUSING_OBJECTIVE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for number in range(10):
            page = ActionPageFactory(parent=objective, text=f"{WORD} {number}")
            publish(page, ["asile", "logement"])
        # Nothing indexed before the commit; each thematic waits once.
        assert "asile" not in found_thematics()
        assert thematics_to_index.pending() >= {thematic("asile").pk, thematic("logement").pk}
    assert callbacks
    assert thematics_to_index.pending() == set()
    assert {"asile", "logement"} <= found_thematics()


def test_the_queue_resolves_its_keys_once_per_commit(django_capture_on_commit_callbacks):
    asked = []

    def resolve(keys):
        asked.append(set(keys))
        return ThematicPage.objects.filter(pk__in=keys)

    queue = ReindexQueue(resolve)
    asile, sante = thematic("asile"), thematic("sante")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            queue.add([asile.pk, None])
            queue.add([sante.pk])
        assert asked == []
    assert asked == [{asile.pk, sante.pk}]


def test_a_working_group_is_indexed_with_its_axis_thematics(
    action, django_capture_on_commit_callbacks
):
    group = WorkingGroupPage.objects.get(title__startswith="GT 3°")
    assert "Volontariat" not in group.thematic_titles()
    assert group not in WorkingGroupPage.objects.live().search("volontariat")
    with django_capture_on_commit_callbacks(execute=True):
        publish(action, ["volontariat"])
    assert "Volontariat" in group.thematic_titles()
    assert group in WorkingGroupPage.objects.live().search("volontariat")
