"""The editors' everyday tasks, done in the admin as a person would, counted in steps.

A step is one thing the person does: a click, a typed entry, a file chosen. Each journey
starts on the dashboard, signed in, and asserts its number of steps; the editors' guide
(docs/guide-redaction.md, "12. Les tâches courantes en quelques étapes") states the same numbers
and shows each task's screen as the journey saw it, which the last tests check.

The screenshots: each journey takes its own at its last screen, into a temporary folder; with
GUIDE_IMAGES_DIR set (scripts/guide-screenshots), into the guide's images, to be committed.
"""

import os
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from PIL import Image as PillowImage
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from ppli.models import (
    ActionPage,
    ActionStatus,
    SignupStatus,
    WorkingGroupPage,
    WorkingGroupSignup,
)
from resources.models import NewsPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOE = "Personnes étrangères et d'origine étrangère (PEOE)"
# The numbers the guide states, journey by journey.
STEPS = {
    "news": 11,
    "action": 16,
    "status": 8,
    "signup": 3,
}
# The guide's images (docs/guide-redaction.md links them), one per journey.
GUIDE_IMAGES = Path(settings.BASE_DIR) / "home/static/home/guide"
IMAGE_NAMES = {
    "news": "actualite.png",
    "action": "action.png",
    "status": "etat-action.png",
    "signup": "inscription.png",
}


class Journey:
    """A person's task in the browser; counts each click, typed entry and file chosen."""

    def __init__(self, page, base_url, images_dir):
        self.page = page
        self.base_url = base_url
        self.images_dir = images_dir
        self.steps = 0

    def screenshot(self, task):
        """Not a step: the screen as the guide shows it for `task` (a key of STEPS)."""
        path = self.images_dir / IMAGE_NAMES[task]
        self.page.wait_for_load_state("networkidle")
        self.page.screenshot(path=path, animations="disabled")
        assert path.stat().st_size > 10_000, path

    def sign_in(self, username, password):
        """Not a step of the task: every journey starts signed in, on the dashboard."""
        self.page.goto(self.base_url + "/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base_url + "/admin/")

    def click(self, locator):
        self.steps += 1
        locator.click()

    def type(self, locator, text):
        self.steps += 1
        locator.fill(text)

    def choose_file(self, locator, path):
        self.steps += 1
        locator.set_input_files(path)

    def select(self, locator, label):
        self.steps += 1
        locator.select_option(label=label)

    def pick(self, field_name, typed, choice):
        """Type the start of a name in a type-ahead, then click the wanted suggestion."""
        widget = self.page.locator(f"[data-autocomplete-input-name={field_name}]")
        self.type(widget.locator("input[type=text]"), typed)
        self.click(widget.get_by_role("option", name=choice, exact=True))
        self.page.wait_for_timeout(200)  # the chosen item moves to the list on the right

    def footer_action(self, label, screenshot=None, show=None):
        """The editor's save menu: open "Plus d'actions", then choose `label` (the screen,
        menu open and `show` in view, is the guide's image for the task `screenshot`)."""
        footer = self.page.locator("footer")
        if show is not None:
            show.evaluate("element => element.scrollIntoView({block: 'center'})")
        self.click(footer.get_by_role("button", name="Plus d'actions"))
        if screenshot:
            self.screenshot(screenshot)
        self.click(footer.get_by_role("button", name=label))
        self.page.wait_for_load_state("networkidle")


def person(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", f"motdepasse-{username}", first_name=username
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journey(page, live_server, live_content, tmp_path):
    images_dir = Path(os.environ.get("GUIDE_IMAGES_DIR") or tmp_path)
    images_dir.mkdir(parents=True, exist_ok=True)
    return Journey(page, live_server.url, images_dir)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "atelier.jpg"
    PillowImage.new("RGB", (800, 500), (40, 120, 160)).save(path)
    return path


def test_redaction_creates_a_news_item_with_an_image_and_submits_it(
    journey, django_user_model, photo
):
    person(django_user_model, "redaction", "Rédaction")
    journey.sign_in("redaction", "motdepasse-redaction")
    page = journey.page
    journey.click(page.get_by_role("link", name="Actualités", exact=True))
    journey.click(page.get_by_role("link", name="Ajouter : actualité"))
    journey.type(page.locator("#id_title"), "Atelier d'écriture à Namur")
    journey.type(page.locator("#id_intro"), "Un atelier d'écriture ouvert à toutes et tous.")
    journey.click(page.get_by_role("button", name="Choisir une image"))
    journey.click(page.get_by_role("tab", name="Transférer"))
    journey.choose_file(page.locator("#id_image-chooser-upload-file"), photo)
    # Wagtail fills the title from the file name (a script): the editor sees it before going on.
    expect(page.locator("#id_image-chooser-upload-title")).to_have_value("atelier")
    journey.type(
        page.locator("#id_image-chooser-upload-description"), "Des participantes à une table"
    )
    journey.click(page.locator(".modal-content").get_by_role("button", name="Transférer"))
    expect(page.locator("#id_image")).not_to_have_value("")
    journey.footer_action("Soumettre à Relecture avant publication", screenshot="news")

    news = NewsPage.objects.get(title="Atelier d'écriture à Namur")
    assert news.slug == "atelier-d-ecriture-a-namur"
    assert news.live is False
    revision = news.get_latest_revision_as_object()
    assert revision.image.description == "Des participantes à une table"
    assert WorkflowState.objects.filter(
        base_content_type__model="page", object_id=str(news.pk), status="in_progress"
    ).exists()
    assert journey.steps == STEPS["news"]


def test_redaction_adds_an_action_with_two_partners_and_one_audience(journey, django_user_model):
    person(django_user_model, "redaction", "Rédaction")
    journey.sign_in("redaction", "motdepasse-redaction")
    page = journey.page
    journey.click(page.get_by_role("link", name="Actions du PPLI", exact=True))
    journey.click(page.get_by_role("link", name="Ajouter : action"))
    journey.click(page.get_by_role("button", name=re.compile("^Choisissez une page")))
    journey.type(page.locator(".modal-content input[name=q]"), "Objectif 16")
    journey.click(
        page.locator(".modal-content").get_by_role("link", name=re.compile("^Objectif 16"))
    )
    journey.click(page.get_by_role("button", name="Créer : action"))
    journey.type(page.locator("#id_number"), "16.4")
    journey.type(page.locator("#id_text"), "Organiser des séances d'information sur le logement.")
    assert page.locator("#id_title").input_value().startswith("Action 16.4 : Organiser")
    assert page.locator("#id_slug").input_value() == "action-16-4"
    journey.pick("organisations", "forem", "FOREm")
    journey.pick("organisations", "cpas de", "CPAS de Namur")
    # Not a step, a check: the chooser speaks French to screen readers as suggestions come.
    audiences = page.locator("[data-autocomplete-input-name=audiences]")
    audiences.locator("input[type=text]").fill("PEOE")
    expect(audiences).to_contain_text(
        re.compile(r"\d\u00a0suggestions? ; choisissez avec les flèches haut et bas\.")
    )
    journey.pick("audiences", "PEOE", PEOE)
    choosers = " ".join(page.locator("[data-autocomplete-input]").all_text_contents())
    assert "Retirer" in choosers
    assert not re.search(r"Remove|found|suggestions? found", choosers), choosers
    # The plan's own review: Coordination PPLI (or Publication) validates it.
    journey.footer_action("Soumettre à Relecture du PPLI", screenshot="action")

    action = ActionPage.objects.get(number="16.4")
    assert action.slug == "action-16-4"
    draft = action.get_latest_revision_as_object()
    assert [o.name for o in draft.organisations] == ["FOREm", "CPAS de Namur"]
    assert [a.name for a in draft.audiences] == [
        "Personnes étrangères et d'origine étrangère (PEOE)"
    ]
    # Nobody chose a group: the new action joined its axis's.
    assert draft.working_group == WorkingGroupPage.objects.get(slug="gt-logement")
    assert journey.steps == STEPS["action"]


def test_coordination_records_the_state_of_an_action(journey, django_user_model):
    coordinator = person(django_user_model, "coord", "Coordination PPLI")
    journey.sign_in("coord", "motdepasse-coord")
    page = journey.page
    journey.click(page.get_by_role("link", name="Actions du PPLI", exact=True))
    journey.type(page.get_by_role("textbox", name="Rechercher"), "16.1")
    page.wait_for_load_state("networkidle")
    journey.click(page.get_by_role("link", name=re.compile(r"^Action 16\.1 :")))
    journey.select(page.locator("#id_status"), "en cours")
    journey.type(page.locator("#id_progress"), "40")
    journey.type(page.locator("#id_progress_note"), "Première réunion avec les AIS en mars.")
    journey.footer_action("Publier", screenshot="status", show=page.locator("#id_progress"))

    action = ActionPage.objects.get(number="16.1")
    assert action.status == ActionStatus.IN_PROGRESS and action.progress == 40
    change = action.status_changes.get()
    assert change.changed_by == coordinator and change.status == ActionStatus.IN_PROGRESS
    assert change.note == "Première réunion avec les AIS en mars."
    assert journey.steps == STEPS["status"]


def test_coordination_handles_a_sign_up_from_the_dashboard(journey, django_user_model):
    person(django_user_model, "coord", "Coordination PPLI")
    group = WorkingGroupPage.objects.get(slug="gt-logement")
    signup = WorkingGroupSignup.objects.create(
        submission=uuid.uuid4(),
        group=group,
        group_title=group.title,
        organisation_name="Maison médicale du Centre",
        organisation_kind="associatif",
        contact_name="Awa Diallo",
        role="Coordinatrice",
        email="awa@example.org",
        commune="Namur",
        consent_at=timezone.now(),
    )
    journey.sign_in("coord", "motdepasse-coord")
    page = journey.page
    journey.click(page.get_by_role("link", name="Maison médicale du Centre"))
    journey.click(page.get_by_role("link", name="Accepter"))
    journey.screenshot("signup")
    journey.click(page.get_by_role("button", name=re.compile("^Oui, accepter")))
    page.wait_for_load_state("networkidle")

    signup.refresh_from_db()
    assert signup.status == SignupStatus.ACCEPTED
    assert [m.to for m in mail.outbox] == [["awa@example.org"]]
    assert journey.steps == STEPS["signup"]


def test_the_guide_states_the_same_numbers():
    guide = (Path(settings.BASE_DIR) / "docs/guide-redaction.md").read_text()
    section = re.split(r"\n## [\d. ]*Les tâches courantes en quelques étapes\n", guide)[1]
    section = section.split("\n## ")[0]
    stated = [int(n) for n in re.findall(r"\*\*(\d+) étapes\*\*", section)]
    assert stated == list(STEPS.values())


def test_the_guide_shows_each_task_with_its_image():
    """Each task of the guide is followed by the screen its journey saw (committed images,
    made again by scripts/guide-screenshots), with a text alternative."""
    guide = (Path(settings.BASE_DIR) / "docs/guide-redaction.md").read_text()
    section = re.split(r"\n## [\d. ]*Les tâches courantes en quelques étapes\n", guide)[1]
    section = section.split("\n## ")[0]
    images = re.findall(r"!\[([^\]]+)\]\(\.\./home/static/home/guide/([\w.-]+)\)", section)
    assert [name for _, name in images] == list(IMAGE_NAMES.values())
    for alt, name in images:
        assert len(alt) > 20, name
        with PillowImage.open(GUIDE_IMAGES / name) as image:
            assert image.size == (1280, 900), name
