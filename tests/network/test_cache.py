"""The page cache and the network (network/signals.py): a visitor's sending never empties it
(a robot could otherwise keep every page cold), while publishing a finding, changing a
published one, or a confirmed answer to the consultation does, since they are on pages."""

import pytest
from django.utils import timezone

from network import channels
from network.models import FindingStatus
from pagecache import generation

from .test_channels import enqueued, make_finding, make_request, open_consultation, sending

pytestmark = pytest.mark.django_db

__all__ = ["enqueued"]  # the fixture, used by name


def bumped(action):
    """Did `action()` make the cached pages stale?"""
    before = generation.number()
    action()
    return generation.number() != before


def test_a_visitors_sending_keeps_the_cache(enqueued):
    assert not bumped(make_finding)
    assert not bumped(make_request)
    consultation = open_consultation()
    assert not bumped(
        lambda: channels.submit_answers(
            consultation, "a@example.org", sending(consultation, ["actuel"])
        )
    )
    assert not bumped(lambda: channels.send_follow_up_link("a@example.org"))


def test_publishing_and_changing_a_published_finding_empty_the_cache(enqueued):
    finding = make_finding()
    finding.status = FindingStatus.KEPT
    finding.public_title = "Des délais trop longs"
    finding.public_summary = "Plusieurs services constatent des délais."
    assert bumped(finding.save)  # kept: it may be on the site
    assert bumped(lambda: channels.publish_finding(finding))
    finding.public_summary = "Résumé corrigé."
    assert bumped(lambda: finding.save(update_fields=["public_summary"]))
    assert bumped(lambda: channels.moderate_finding(finding, FindingStatus.NOT_KEPT))
    finding.refresh_from_db()
    assert finding.published_at is None and finding.closed_at <= timezone.now()


def test_a_confirmed_answer_empties_the_cache(enqueued):
    consultation = open_consultation()
    submission = channels.submit_answers(
        consultation, "b@example.org", sending(consultation, ["depasse"])
    )
    token = channels.confirmation_token(submission)
    assert bumped(lambda: channels.confirm(token))
