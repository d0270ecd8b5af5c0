"""Synthetic content on top of the initial content: a larger plan, library and news.

Shared by the query-count tests (tests/ppli/test_pages.py) and the benchmark
(scripts/benchmark, docs/performance.md), so both measure the same site. Everything is
deterministic: two runs build the same pages.
"""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from ppli.models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    ObjectivePage,
    Organisation,
)
from resources.models import NewsIndexPage, ResourceIndexPage, ResourceKind, ResourcePage
from taxonomies.models import Audience
from testing.factories import (
    ActionPageFactory,
    NewsPageFactory,
    ObjectivePageFactory,
    ResourcePageFactory,
)
from thematiques.models import ThematicPage

# The initial content has no news: this many per unit of scale (100 for ten times).
NEWS_PER_SCALE = 10
NEWS_START = datetime.date(2025, 6, 30)


def grow_plan(times=10):
    """The plan `times` as large: `times - 1` copies of each objective beside it, same actions.

    Copies are tagged « Logement » and name DISCRI among their partners, so that thematic
    and that partner page grow with the plan too.
    """
    thematic = ThematicPage.objects.get(slug="logement")
    discri = Organisation.objects.get(slug="discri")
    for objective in list(ObjectivePage.objects.all()):
        axis = objective.get_parent()
        actions = list(ActionPage.objects.child_of(objective))
        for _ in range(times - 1):
            copy = ObjectivePageFactory(parent=axis, thematics=[thematic], text=objective.text)
            for action in actions:
                copy_action(action, copy, thematic, discri)


def copy_action(action, objective, thematic, discri):
    """A copy of `action` under `objective`: same text, partners (plus DISCRI), audiences, GT."""
    return ActionPageFactory(
        parent=objective,
        text=action.text,
        thematics=[thematic],
        organisation_links=[
            ActionOrganisation(organisation=o) for o in [discri, *action.organisations]
        ],
        audience_links=[ActionAudience(audience=a) for a in action.audiences],
        working_group=action.working_group,
    )


def synthetic_image(n, title):
    """A small plain-colour PNG image (its renditions cost what a photo's would to list)."""
    colour = ((n * 67) % 256, (n * 131) % 256, (n * 29) % 256)
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 500), colour).save(buffer, format="PNG")
    file = ImageFile(buffer, name=f"synthetique-{n}.png")
    return get_image_model().objects.create(title=title, file=file)


def two_thematics(thematics, n):
    """Two different thematics for item `n`, cycling so that each one gets its share."""
    size = len(thematics)
    # The second one's offset runs through 1 … size - 1: never the first one again.
    offset = 1 + (n // size) % (size - 1)
    return [thematics[n % size], thematics[(n + offset) % size]]


def add_resources(count):
    """`count` resources in the library: every type and year, two thematics, a third with a
    cover image (the newest ones among them, so the library's first page shows covers, as in
    the query-count comparisons), every other one for an audience."""
    library = ResourceIndexPage.objects.get()
    thematics = list(ThematicPage.objects.order_by("path"))
    audiences = list(Audience.objects.order_by("pk"))
    kinds = ResourceKind.values
    for n in range(count):
        tagged = two_thematics(thematics, n)
        cover = synthetic_image(n, f"Couverture synthétique {n + 1}") if n % 3 == 2 else None
        ResourcePageFactory(
            parent=library,
            title=f"Ressource synthétique {n + 1}",
            kind=kinds[n % len(kinds)],
            summary=f"Outil de travail sur {tagged[0].title.lower()} et {tagged[1].title.lower()}.",
            date=datetime.date(2010 + n % 15, 1 + n % 12, 1 + n % 28),
            thematics=tagged,
            audiences=[audiences[n % len(audiences)]] if audiences and n % 2 else [],
            cover_image=cover,
        )


def add_news(count, start=0):
    """`count` news items, one a week back from NEWS_START, two thematics, every other one
    with an image; `start` continues an earlier call's numbering."""
    news_index = NewsIndexPage.objects.get()
    thematics = list(ThematicPage.objects.order_by("path"))
    for n in range(start, start + count):
        tagged = two_thematics(thematics, n)
        image = None if n % 2 else synthetic_image(10_000 + n, f"Illustration synthétique {n + 1}")
        NewsPageFactory(
            parent=news_index,
            title=f"Actualité synthétique {n + 1}",
            intro=f"Du nouveau dans le secteur : {tagged[0].title.lower()}.",
            date=NEWS_START - datetime.timedelta(weeks=n),
            thematics=tagged,
            image=image,
        )


def grow_site(times=10):
    """The PPLI and the library `times` as large, and NEWS_PER_SCALE × `times` news items.

    Returns what was added, by kind of page.
    """
    resources = ResourcePage.objects.count() * (times - 1)
    news = NEWS_PER_SCALE * times
    objectives, actions = ObjectivePage.objects.count(), ActionPage.objects.count()
    grow_plan(times)
    add_resources(resources)
    add_news(news)
    return {
        "objectifs": ObjectivePage.objects.count() - objectives,
        "actions": ActionPage.objects.count() - actions,
        "ressources": resources,
        "actualités": news,
    }
