"""The network's one writer (network/channels.py): findings and requests stored with their
e-mails enqueued once the transaction commits; publication only of a kept, summarised finding
(the database refuses any other); moderation and withdrawal; follow-up links (random, stored
as a digest, expiring, one address's records only); the consultation's answers, counted only
once confirmed, once per address and item."""

import base64
import hashlib
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from network import channels
from network import tasks as network_tasks
from network.channels import Confirmation
from network.models import (
    ChannelMessage,
    Commune,
    Consultation,
    ConsultationAnswer,
    ConsultationItem,
    ConsultationParticipant,
    ConsultationSubmission,
    FindingStatus,
    FollowUpLink,
    ItemSource,
    PublishedFinding,
    RequestStatus,
)
from ppli.models import KeyIssue, ObjectivePage
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

TASK_NAMES = (
    "send_channel_email",
    "send_confirmation_email",
    "send_follow_up_email",
    "send_member_request",
)


class TaskRecorder:
    """Stands for one of network/tasks.py's tasks: notes what is enqueued, sends nothing."""

    def __init__(self, name, calls):
        self.name, self.calls = name, calls

    def enqueue(self, *args):
        self.calls.append((self.name, *args))


@pytest.fixture
def enqueued(monkeypatch):
    """The network's tasks enqueued during the test (in order), none of them run."""
    calls = []
    for name in TASK_NAMES:
        monkeypatch.setattr(network_tasks, name, TaskRecorder(name, calls))
    return calls


def make_finding(n=1, **extra):
    """A field finding as the form sends it (through the writer)."""
    fields = {
        "organisation": "Maison médicale du Centre",
        "contact_name": f"Personne {n}",
        "email": f"Personne{n}@Example.org ",
        "phone": "081 00 00 00",
        "description": "Les files d'attente pour un rendez-vous de santé s'allongent.",
        "since": "2023",
        "links": "https://example.org/rapport",
    }
    return channels.create_finding(**{**fields, **extra})


def make_request(n=1, **extra):
    """An expertise request as the form sends it (through the writer)."""
    fields = {
        "name": f"Demandeur {n}",
        "organisation": "CPAS de Namur",
        "email": f"demandeur{n}@example.org",
        "context": "Une famille arrivée d'Ukraine cherche un logement.",
        "question": "Quels relais pour l'accès au logement ?",
    }
    return channels.create_request(**{**fields, **extra})


def summarised(finding, **fields):
    """`finding` kept, with its public title and summary written by staff."""
    finding.status = FindingStatus.KEPT
    finding.public_title = fields.get("public_title", "Des délais de rendez-vous trop longs")
    finding.public_summary = fields.get("public_summary", "Plusieurs services constatent…")
    finding.save()
    return finding


def open_consultation(days_left=10):
    """The consultation of the initial content, given dates: open today."""
    consultation = Consultation.objects.get()
    today = timezone.localdate()
    consultation.opens_on = today - timedelta(days=1)
    consultation.closes_on = today + timedelta(days=days_left)
    consultation.save()
    return consultation


def sending(consultation, verdicts, comment=""):
    """[(item, verdict, comment)] for the consultation's first items, one verdict each."""
    items = list(consultation.items.order_by("position"))
    return [(item, verdict, comment) for item, verdict in zip(items, verdicts, strict=False)]


def submitted_token(consultation, email, answers):
    """Submit `answers` for `email`; the token its e-mail would carry."""
    submission = channels.submit_answers(consultation, email, answers)
    return channels.confirmation_token(submission)


# Findings and requests.


def test_a_finding_is_stored_and_its_emails_wait_for_the_commit(
    enqueued, django_capture_on_commit_callbacks
):
    namur = Commune.objects.get(name="Namur")
    thematic = ThematicPage.objects.get(slug="sante")
    with django_capture_on_commit_callbacks() as callbacks:
        finding = make_finding(communes=[namur], thematics=[thematic])
        assert enqueued == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert enqueued == [("send_channel_email", "finding_received", "finding", finding.pk)]

    finding.refresh_from_db()
    assert finding.email == "personne1@example.org"  # one spelling per address
    assert finding.consent_at is not None
    assert finding.status == FindingStatus.RECEIVED
    assert not finding.is_public
    assert list(finding.communes.all()) == [namur]
    assert list(finding.thematics.all()) == [thematic]


def test_a_request_is_stored_and_its_emails_wait_for_the_commit(
    enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        expertise_request = make_request(email=" Demandeur@Example.ORG")
        assert enqueued == []
    assert len(callbacks) == 1
    assert enqueued == [("send_channel_email", "request_received", "request", expertise_request.pk)]
    expertise_request.refresh_from_db()
    assert expertise_request.email == "demandeur@example.org"
    assert expertise_request.status == RequestStatus.RECEIVED
    assert expertise_request.is_open


def test_a_finding_is_published_only_kept_and_summarised(
    enqueued, django_capture_on_commit_callbacks
):
    finding = make_finding()
    # Received, even with a public text: refused by the database.
    finding.public_title, finding.public_summary = "Un titre", "Un résumé"
    finding.save()
    with pytest.raises(IntegrityError):
        channels.publish_finding(finding)
    # Kept, without its summary: refused too.
    finding.refresh_from_db()
    finding.status, finding.public_summary = FindingStatus.KEPT, ""
    finding.save()
    with pytest.raises(IntegrityError):
        channels.publish_finding(finding)
    finding.refresh_from_db()
    assert finding.published_at is None

    summarised(finding)
    with django_capture_on_commit_callbacks(execute=True):
        channels.publish_finding(finding)
    finding.refresh_from_db()
    assert finding.is_public
    assert list(PublishedFinding.objects.all()) == [finding]
    assert enqueued[-1] == ("send_channel_email", "finding_published", "finding", finding.pk)


def test_moderating_a_published_finding_takes_it_off_the_site(
    enqueued, django_capture_on_commit_callbacks, django_user_model
):
    staff = django_user_model.objects.create_user("moderatrice", "m@example.org", "x")
    finding, other = summarised(make_finding(1)), make_finding(2)
    channels.publish_finding(finding)
    with django_capture_on_commit_callbacks(execute=True):
        channels.moderate_finding(finding, FindingStatus.MERGED, merged_into=other, user=staff)
    finding.refresh_from_db()
    assert finding.published_at is None
    assert not PublishedFinding.objects.exists()
    assert finding.merged_into == other
    assert finding.handled_by == staff
    assert finding.closed_at is not None
    assert enqueued[-1] == ("send_channel_email", "finding_status", "finding", finding.pk)

    # Kept again: no longer merged nor closed (its retention does not run from that closing).
    channels.moderate_finding(finding, FindingStatus.KEPT, merged_into=other)
    finding.refresh_from_db()
    assert (finding.merged_into, finding.closed_at) == (None, None)


def test_a_finding_withdrawn_by_its_author_leaves_the_site_and_tells_the_team(
    enqueued, django_capture_on_commit_callbacks
):
    finding = summarised(make_finding())
    channels.publish_finding(finding)
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert channels.withdraw(finding)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.WITHDRAWN
    assert finding.published_at is None
    assert finding.closed_at is not None
    # The team is told; its author, who withdrew it, is not sent a change of status.
    assert enqueued == [("send_channel_email", "withdrawn", "finding", finding.pk)]
    assert not channels.can_withdraw(finding)
    assert channels.withdraw(finding) is False


def test_a_request_withdrawn_by_its_author(enqueued, django_capture_on_commit_callbacks):
    expertise_request = make_request()
    before = expertise_request.status_changed_at
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert channels.withdraw(expertise_request)
    expertise_request.refresh_from_db()
    assert expertise_request.status == RequestStatus.WITHDRAWN
    assert expertise_request.status_changed_at > before
    assert enqueued == [("send_channel_email", "withdrawn", "request", expertise_request.pk)]
    assert channels.withdraw(expertise_request) is False


def test_a_change_of_status_is_emailed_once(enqueued, django_capture_on_commit_callbacks):
    expertise_request = make_request()
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert channels.change_request_status(expertise_request, RequestStatus.ANALYSIS)
        assert not channels.change_request_status(expertise_request, RequestStatus.ANALYSIS)
    assert enqueued == [("send_channel_email", "request_status", "request", expertise_request.pk)]
    channels.change_request_status(expertise_request, RequestStatus.CLOSED)
    assert not channels.can_withdraw(expertise_request)


def test_messages_go_to_the_author_or_to_the_team(enqueued, django_capture_on_commit_callbacks):
    finding, expertise_request = make_finding(), make_request()
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        channels.add_message(finding, "Pouvez-vous préciser la commune ?", from_staff=True)
        channels.add_message(expertise_request, "Une précision sur ma demande.")
    assert enqueued == [
        ("send_channel_email", "staff_message", "finding", finding.pk),
        ("send_channel_email", "author_message", "request", expertise_request.pk),
    ]
    assert ChannelMessage.objects.get(finding=finding).from_staff
    assert not ChannelMessage.objects.get(request=expertise_request).from_staff


# Following by link.


def test_no_link_for_an_address_that_sent_nothing(enqueued, django_capture_on_commit_callbacks):
    make_finding(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert channels.send_follow_up_link("inconnue@example.org") is None
    assert not FollowUpLink.objects.exists()
    assert [call for call in enqueued if call[0] == "send_follow_up_email"] == []


def test_a_follow_up_link_is_random_stored_as_a_digest_and_expires(
    enqueued, django_capture_on_commit_callbacks, settings
):
    settings.NETWORK_LINK_DAYS = 3
    make_finding(1)
    with django_capture_on_commit_callbacks(execute=True):
        link = channels.send_follow_up_link(" PERSONNE1@example.org")
        other = channels.send_follow_up_link("personne1@example.org")
    assert link.email == "personne1@example.org"
    assert enqueued[-2:] == [
        ("send_follow_up_email", link.pk),
        ("send_follow_up_email", other.pk),
    ]
    # The token is rebuilt from a salt of at least 128 random bits; only its digest is stored.
    padding = "=" * (-len(link.token_salt) % 4)
    assert len(base64.urlsafe_b64decode(link.token_salt + padding)) * 8 >= 128
    token = channels.follow_up_token(link)
    assert len(token) * 4 >= 128
    assert token != channels.follow_up_token(other)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = FollowUpLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(value) for value in stored.values()}
    assert channels.find_follow_up(token) == link
    assert channels.find_follow_up(link.token_hash) is None  # the digest is no token
    assert channels.find_follow_up("0" * 64) is None
    # The expiry.
    assert timedelta(days=2) < link.token_expires - timezone.now() <= timedelta(days=3)
    FollowUpLink.objects.filter(pk=link.pk).update(token_expires=timezone.now())
    assert channels.find_follow_up(token) is None


def test_a_link_shows_only_its_addresses_records(enqueued):
    mine = [make_finding(1), make_finding(1, organisation="CPAS de Dinant")]
    make_finding(2)
    my_request = make_request(1, email="personne1@example.org")
    make_request(2)
    consultation = open_consultation()
    for email in ("personne1@example.org", "personne2@example.org"):
        channels.confirm(submitted_token(consultation, email, sending(consultation, ["actuel"])))

    link = channels.send_follow_up_link("personne1@example.org")
    records = channels.records_of(channels.find_follow_up(channels.follow_up_token(link)).email)
    assert sorted(records["findings"], key=lambda f: f.pk) == mine
    assert list(records["requests"]) == [my_request]
    assert [a.participant.email for a in records["answers"]] == ["personne1@example.org"]


# The consultation.


def test_no_consultation_is_shown_until_staff_give_it_dates():
    assert channels.current_consultation() is None
    consultation = open_consultation()
    assert channels.current_consultation() == consultation


def test_answers_count_only_once_confirmed(enqueued, django_capture_on_commit_callbacks, settings):
    settings.NETWORK_CONFIRM_DAYS = 2
    consultation = open_consultation()
    answers = sending(consultation, ["actuel", "nuancer", "depasse"], "À revoir")
    with django_capture_on_commit_callbacks(execute=True):
        submission = channels.submit_answers(consultation, "Reponse@Example.org", answers)
    assert enqueued == [("send_confirmation_email", submission.pk)]
    assert submission.participant.email == "reponse@example.org"
    assert not ConsultationAnswer.objects.exists()  # nothing counts yet
    token = channels.confirmation_token(submission)
    assert submission.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert timedelta(days=1) < submission.token_expires - timezone.now() <= timedelta(days=2)

    status, confirmed = channels.confirm(token)
    assert (status, confirmed) == (Confirmation.CONFIRMED, submission)
    counted = ConsultationAnswer.objects.filter(participant=submission.participant)
    assert sorted(counted.values_list("verdict", flat=True)) == ["actuel", "depasse", "nuancer"]
    assert all(answer.comment == "À revoir" for answer in counted)
    assert all(answer.comment_status == "attente" for answer in counted)
    # The same link again: nothing counts twice.
    assert channels.confirm(token)[0] == Confirmation.ALREADY
    assert counted.count() == 3


def test_an_expired_or_unknown_link_confirms_nothing(enqueued):
    consultation = open_consultation()
    submission = channels.submit_answers(
        consultation, "tardive@example.org", sending(consultation, ["actuel"])
    )
    ConsultationSubmission.objects.filter(pk=submission.pk).update(token_expires=timezone.now())
    assert channels.confirm(channels.confirmation_token(submission)) == (
        Confirmation.UNKNOWN,
        None,
    )
    assert channels.confirm("0" * 64) == (Confirmation.UNKNOWN, None)
    assert channels.confirm(submission.token_hash)[0] == Confirmation.UNKNOWN
    assert not ConsultationAnswer.objects.exists()


def test_a_link_used_after_the_consultation_closed_counts_nothing(enqueued):
    consultation = open_consultation()
    token = submitted_token(consultation, "lente@example.org", sending(consultation, ["actuel"]))
    consultation.opens_on = timezone.localdate() - timedelta(days=20)
    consultation.closes_on = timezone.localdate() - timedelta(days=1)
    consultation.save()
    status, submission = channels.confirm(token)
    assert status == Confirmation.CLOSED
    assert submission.confirmed_at is None
    assert not ConsultationAnswer.objects.exists()


def test_a_later_confirmed_sending_replaces_the_earlier_answer_on_the_same_item(enqueued):
    consultation = open_consultation()
    first, second, third = consultation.items.order_by("position")[:3]
    email = "constante@example.org"
    channels.confirm(
        submitted_token(consultation, email, [(first, "actuel", ""), (second, "nuancer", "")])
    )
    channels.confirm(
        submitted_token(
            consultation, email, [(first, "depasse", "Plus d'actualité"), (third, "actuel", "")]
        )
    )
    participant = ConsultationParticipant.objects.get(email=email)
    answers = {a.item: (a.verdict, a.comment) for a in participant.answers.all()}
    assert answers == {
        first: ("depasse", "Plus d'actualité"),
        second: ("nuancer", ""),
        third: ("actuel", ""),
    }
    assert ConsultationParticipant.objects.filter(consultation=consultation).count() == 1


def test_ensure_items_makes_one_item_per_key_issue_and_objective():
    consultation = Consultation.objects.create(title="Deuxième consultation")
    key_issues = KeyIssue.objects.order_by("number")
    objectives = list(ObjectivePage.objects.order_by("number", "path"))
    channels.ensure_items(consultation, key_issues, objectives)
    items = list(consultation.items.order_by("position"))
    assert len(items) == 13
    assert [item.number for item in items] == [str(n) for n in range(1, 14)]
    assert {item.source for item in items} == {ItemSource.KEY_ISSUE}
    assert [item.text for item in items] == [issue.text for issue in key_issues]

    consultation.include_objectives = True
    consultation.save()
    channels.ensure_items(consultation, key_issues, objectives)
    channels.ensure_items(consultation, key_issues, objectives)  # again: nothing doubles
    assert objectives
    assert consultation.items.count() == 13 + len(objectives)
    objective_items = consultation.items.filter(source=ItemSource.OBJECTIVE).order_by("position")
    assert [item.objective_id for item in objective_items] == [o.pk for o in objectives]
    assert all(item.text for item in objective_items)

    # Objectives taken out again: their unanswered items go, the answered one stays.
    answered = objective_items.first()
    participant = ConsultationParticipant.objects.create(
        consultation=consultation, email="a@example.org"
    )
    ConsultationAnswer.objects.create(participant=participant, item=answered, verdict="actuel")
    consultation.include_objectives = False
    consultation.save()
    channels.ensure_items(consultation, key_issues, objectives)
    assert consultation.items.count() == 14
    assert ConsultationItem.objects.filter(pk=answered.pk).exists()
