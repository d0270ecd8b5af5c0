"""The network's initial content (network/initial_content.py, run by load_initial_content):
its four pages live under /ppli/, the province's 38 communes, one consultation without dates
on the booklet's thirteen essential issues; nothing invented (no finding, request or answer);
running it again changes nothing."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from wagtail.models import Page, Revision

from network import initial_content
from network.models import (
    ChannelMessage,
    Commune,
    Consultation,
    ConsultationAnswer,
    ConsultationItem,
    ConsultationPage,
    ConsultationParticipant,
    ConsultationSubmission,
    ExpertiseRequest,
    ExpertiseRequestPage,
    FieldFinding,
    FindingsPage,
    FollowUpLink,
    FollowUpPage,
    ItemSource,
)
from ppli.models import KeyIssue, PPLIIndexPage
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

PAGES = {
    "/ppli/constats-de-terrain/": FindingsPage,
    "/ppli/reactualisation/": ConsultationPage,
    "/ppli/demande-d-expertise/": ExpertiseRequestPage,
    "/ppli/mes-demandes/": FollowUpPage,
}
NOTHING_INVENTED = [
    FieldFinding,
    ExpertiseRequest,
    ChannelMessage,
    ConsultationParticipant,
    ConsultationSubmission,
    ConsultationAnswer,
    FollowUpLink,
]


def snapshot():
    """What the network's loader writes, to compare before and after a second run."""
    consultation = Consultation.objects.get()
    return {
        "communes": list(Commune.objects.values_list("pk", "name", "slug")),
        "consultation": (consultation.pk, consultation.title, consultation.opens_on),
        "items": list(
            ConsultationItem.objects.values_list("pk", "consultation", "number", "position")
        ),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
    }


def test_the_four_pages_are_live_under_the_ppli():
    ppli = PPLIIndexPage.objects.get()
    for url, model in PAGES.items():
        page = page_at(url)
        assert isinstance(page, model), url
        assert page.live, url
        assert page.get_parent().specific == ppli, url
        assert model.objects.count() == 1, url


def test_the_provinces_38_communes():
    names = yaml.safe_load(
        (Path(initial_content.__file__).parent / "data" / "communes.yaml").read_text("utf-8")
    )
    assert len(names) == 38
    assert sorted(Commune.objects.values_list("name", flat=True)) == sorted(names)
    assert Commune.objects.get(name="Éghezée").slug == "eghezee"


def test_one_consultation_without_dates_on_the_thirteen_essential_issues():
    consultation = Consultation.objects.get()
    assert consultation.title == initial_content.CONSULTATION_TITLE
    assert (consultation.opens_on, consultation.closes_on) == (None, None)
    assert not consultation.include_objectives
    assert not consultation.is_open() and not consultation.is_closed()
    items = list(consultation.items.order_by("position"))
    assert len(items) == 13
    assert {item.source for item in items} == {ItemSource.KEY_ISSUE}
    issues = list(KeyIssue.objects.order_by("number"))
    assert [item.key_issue for item in items] == issues
    assert [item.text for item in items] == [issue.text for issue in issues]


def test_nothing_is_invented():
    for model in NOTHING_INVENTED:
        assert not model.objects.exists(), model.__name__


def test_running_it_again_changes_nothing():
    before = snapshot()
    call_command("load_initial_content", stdout=io.StringIO())
    assert snapshot() == before
    for model in NOTHING_INVENTED:
        assert not model.objects.exists(), model.__name__


def test_a_consultation_staff_opened_is_left_alone():
    consultation = Consultation.objects.get()
    consultation.title = "Consultation de printemps"
    consultation.save()
    initial_content.load(loader=None)
    assert list(Consultation.objects.values_list("title", flat=True)) == [
        "Consultation de printemps"
    ]
    assert Commune.objects.count() == 38
