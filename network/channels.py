"""The one writer of the network's channels: every finding, request, consultation answer,
message and follow-up link is created or changed here, by the public views, the staff's
screens, the initial loader and the tests alike. E-mails leave through the task queue once the
transaction commits (network/tasks.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.tokens import digest, new_salt, token_for

from .models import (
    ChannelMessage,
    Consultation,
    ConsultationAnswer,
    ConsultationItem,
    ConsultationParticipant,
    ConsultationSubmission,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    FollowUpLink,
    ItemSource,
    RequestStatus,
)

CONFIRM_PURPOSE = "network.consultation"
FOLLOW_PURPOSE = "network.follow"


def normalise_email(address):
    """One spelling per address: the follow-up and the consultation compare addresses so."""
    return address.strip().lower()


def enqueue(task, *args):
    """Run `task` from the queue once the current transaction commits."""
    transaction.on_commit(lambda: task.enqueue(*args), robust=True)


def tasks():
    """The network's tasks (imported here, not at the top: tasks import the e-mails, which
    read this module's tokens)."""
    from . import tasks as network_tasks

    return network_tasks


# Field findings.

# The moderation's outcomes that close a finding (its `closed_at`).
CLOSED_FINDING_STATUSES = (FindingStatus.NOT_KEPT, FindingStatus.MERGED, FindingStatus.WITHDRAWN)


@transaction.atomic
def create_finding(*, communes=(), axes=(), thematics=(), audiences=(), **fields):
    """Store a field finding sent by the form; its sender and the team are told by e-mail."""
    fields["email"] = normalise_email(fields["email"])
    fields.setdefault("consent_at", timezone.now())
    finding = FieldFinding.objects.create(**fields)
    finding.communes.set(communes)
    finding.axes.set(axes)
    finding.thematics.set(thematics)
    finding.audiences.set(audiences)
    enqueue(tasks().send_channel_email, "finding_received", "finding", finding.pk)
    return finding


@transaction.atomic
def publish_finding(finding, *, when=None):
    """Publish a kept finding with its public title and summary (the database refuses any
    other)."""
    finding.published_at = when or timezone.now()
    finding.save(update_fields=["published_at"])
    enqueue(tasks().send_channel_email, "finding_published", "finding", finding.pk)


@transaction.atomic
def unpublish_finding(finding):
    """Take a finding off the site (its record stays)."""
    finding.published_at = None
    finding.save(update_fields=["published_at"])


@transaction.atomic
def moderate_finding(finding, status, *, merged_into=None, user=None):
    """Set a finding's moderation status. A finding that is no longer kept leaves the site."""
    was_closed = finding.status in CLOSED_FINDING_STATUSES
    finding.status = status
    finding.merged_into = merged_into if status == FindingStatus.MERGED else None
    if user is not None and finding.handled_by_id is None:
        finding.handled_by = user
    update = ["status", "merged_into", "handled_by"]
    if status != FindingStatus.KEPT and finding.published_at is not None:
        finding.published_at = None
        update.append("published_at")
    if status in CLOSED_FINDING_STATUSES:
        finding.closed_at = timezone.now()
        update.append("closed_at")
    elif was_closed and finding.closed_at is not None:
        # Taken up again: no longer closed, so that its sender's data is not erased from the
        # old closing's date (network/retention.py).
        finding.closed_at = None
        update.append("closed_at")
    finding.save(update_fields=update)
    if status != FindingStatus.WITHDRAWN:
        enqueue(tasks().send_channel_email, "finding_status", "finding", finding.pk)


# Expertise requests.


@transaction.atomic
def create_request(**fields):
    """Store an expertise request; its sender and the team are told by e-mail."""
    fields["email"] = normalise_email(fields["email"])
    fields.setdefault("consent_at", timezone.now())
    expertise_request = ExpertiseRequest.objects.create(**fields)
    enqueue(tasks().send_channel_email, "request_received", "request", expertise_request.pk)
    return expertise_request


@transaction.atomic
def change_request_status(expertise_request, status):
    """Move a request to `status`; its requester is told by e-mail (not of their own
    withdrawal)."""
    if expertise_request.status == status:
        return False
    expertise_request.status = status
    expertise_request.status_changed_at = timezone.now()
    expertise_request.save(update_fields=["status", "status_changed_at"])
    if status != RequestStatus.WITHDRAWN:
        enqueue(tasks().send_channel_email, "request_status", "request", expertise_request.pk)
    return True


# Messages and withdrawals, on a finding or a request.


def record_kind(record):
    """ "finding" or "request"."""
    return "finding" if isinstance(record, FieldFinding) else "request"


@transaction.atomic
def add_message(record, text, *, from_staff=False, author=None):
    """A message on `record`: from the team (e-mailed to its author) or from its author (the
    team is told)."""
    kind = record_kind(record)
    message = ChannelMessage.objects.create(
        **{kind: record}, text=text, from_staff=from_staff, author=author
    )
    enqueue(
        tasks().send_channel_email,
        "staff_message" if from_staff else "author_message",
        kind,
        record.pk,
    )
    return message


def can_withdraw(record):
    """A finding still being moderated or a published one, a request still open."""
    if isinstance(record, FieldFinding):
        return record.status in (FindingStatus.RECEIVED, FindingStatus.KEPT)
    return record.is_open


@transaction.atomic
def withdraw(record):
    """Its author withdraws a finding (it leaves the site) or a request; the team is told."""
    if not can_withdraw(record):
        return False
    if isinstance(record, FieldFinding):
        moderate_finding(record, FindingStatus.WITHDRAWN)
    else:
        change_request_status(record, RequestStatus.WITHDRAWN)
    enqueue(tasks().send_channel_email, "withdrawn", record_kind(record), record.pk)
    return True


# The consultation.


def current_consultation():
    """The consultation the page shows: the latest one with dates (open, or closed with its
    results); None while staff have opened none."""
    return (
        Consultation.objects.filter(opens_on__isnull=False, closes_on__isnull=False)
        .order_by("-opens_on", "-pk")
        .first()
    )


def ensure_items(consultation, key_issues, objectives=()):
    """Give `consultation` one item per essential issue (and per objective when it includes
    them), in their order, keeping the items that already have answers. `key_issues` and
    `objectives` come from the caller (the PPLI's records, read by whoever calls)."""
    wanted = [
        (ItemSource.KEY_ISSUE, "key_issue", issue, str(issue.number), issue.text)
        for issue in key_issues
    ]
    if consultation.include_objectives:
        wanted += [
            # An objective has no short title: its text, else its page's title ("Objectif 4").
            (
                ItemSource.OBJECTIVE,
                "objective",
                objective,
                str(objective.number),
                objective.text or objective.title,
            )
            for objective in objectives
        ]
    for position, (source, field_name, target, number, text) in enumerate(wanted):
        ConsultationItem.objects.update_or_create(
            consultation=consultation,
            **{field_name: target},
            defaults={"source": source, "number": number, "text": text, "position": position},
        )
    if not consultation.include_objectives:
        # Objectives taken out: their unanswered items go (answered ones stay, with answers).
        consultation.items.filter(source=ItemSource.OBJECTIVE, answers__isnull=True).delete()


def link_expiry(days):
    return timezone.now() + timedelta(days=days)


@dataclass
class Submitted:
    """A consultation sending stored, waiting for its confirmation: its link's token goes in
    the e-mail only (rebuilt there from the salt)."""

    submission: ConsultationSubmission
    answers: list = field(default_factory=list)


@transaction.atomic
def submit_answers(consultation, email, answers):
    """Store the answers of a sending (`answers`: [(item, verdict, comment)]) until the address
    confirms them by the e-mailed link. Nothing counts yet."""
    participant = participant_for(consultation, normalise_email(email))
    salt = new_salt()
    submission = ConsultationSubmission.objects.create(
        participant=participant,
        answers=[
            {"item": item.pk, "verdict": verdict, "comment": comment}
            for item, verdict, comment in answers
        ],
        token_salt=salt,
        token_hash=digest(token_for(CONFIRM_PURPOSE, salt)),
        token_expires=link_expiry(settings.NETWORK_CONFIRM_DAYS),
    )
    enqueue(tasks().send_confirmation_email, submission.pk)
    return submission


def participant_for(consultation, email):
    """The participant row of the address, created once even when two sendings arrive at the
    same instant (the unique constraint decides; get_or_create reads the winner's row)."""
    participant, _ = ConsultationParticipant.objects.get_or_create(
        consultation=consultation, email=email
    )
    return participant


def confirmation_token(submission):
    """The token of a sending's confirmation link (core/tokens.py)."""
    return token_for(CONFIRM_PURPOSE, submission.token_salt)


class Confirmation:
    """What a confirmation link found (the page says it in French)."""

    CONFIRMED = "confirmed"
    ALREADY = "already"  # the link was used before: its answers already count
    CLOSED = "closed"  # the consultation closed before the link was used
    UNKNOWN = "unknown"  # no such link, or expired: nothing is said about anyone


def confirm(token, *, today=None):
    """Confirm the sending whose link carries `token`: its answers count, replacing the
    address's earlier answers on the same items. Returns (Confirmation, submission or None)."""
    submission = (
        ConsultationSubmission.objects.select_related("participant__consultation")
        .filter(token_hash=digest(token), token_expires__gt=timezone.now())
        .first()
    )
    if submission is None:
        return Confirmation.UNKNOWN, None
    if submission.confirmed_at is not None:
        return Confirmation.ALREADY, submission
    if not submission.participant.consultation.is_open(today):
        return Confirmation.CLOSED, submission
    for attempt in range(3):
        try:
            return count_answers(submission.pk), submission
        except IntegrityError:
            # Another sending of the same address committed the same item between our read
            # and our write (possible only without row locks, on SQLite): read again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def count_answers(submission_id):
    """Count a sending's answers: the participant's row is locked, so that two confirmations
    of one address follow each other; one answer per address and item."""
    submission = ConsultationSubmission.objects.select_for_update().get(pk=submission_id)
    if submission.confirmed_at is not None:
        return Confirmation.ALREADY
    participant = ConsultationParticipant.objects.select_for_update().get(
        pk=submission.participant_id
    )
    items = {
        item.pk: item
        for item in ConsultationItem.objects.filter(consultation_id=participant.consultation_id)
    }
    now = timezone.now()
    for answer in submission.answers:
        item = items.get(answer["item"])
        if item is None:
            continue  # an item staff removed since
        ConsultationAnswer.objects.update_or_create(
            participant=participant,
            item=item,
            defaults={
                "verdict": answer["verdict"],
                "comment": answer["comment"],
                "comment_status": "attente",
                "answered_at": now,
            },
        )
    submission.confirmed_at = now
    submission.save(update_fields=["confirmed_at"])
    return Confirmation.CONFIRMED


def moderate_comments(answers, status):
    """Moderate the comments of `answers`: each is saved (not `update`d), so that the
    consultation's page, which shows the published ones, leaves the page cache
    (network/signals.py). Returns how many changed."""
    changed = 0
    for answer in answers:
        if answer.comment_status != status:
            answer.comment_status = status
            answer.save(update_fields=["comment_status"])
            changed += 1
    return changed


# Following by link.


def follow_up_token(link):
    """The token of a follow-up link (core/tokens.py)."""
    return token_for(FOLLOW_PURPOSE, link.token_salt)


def records_of(email):
    """What the address sent: its findings, requests and consultation answers."""
    email = normalise_email(email)
    return {
        "findings": FieldFinding.objects.filter(email=email),
        "requests": ExpertiseRequest.objects.filter(email=email),
        "answers": ConsultationAnswer.objects.filter(participant__email=email),
    }


def address_is_known(email):
    """Has the address sent anything that can be followed?"""
    records = records_of(email)
    return any(queryset.exists() for queryset in records.values())


@transaction.atomic
def send_follow_up_link(email):
    """E-mail a follow-up link to `email` if it sent anything; nothing happens otherwise, and
    the caller answers the same in both cases. Returns the link or None."""
    email = normalise_email(email)
    if not address_is_known(email):
        return None
    salt = new_salt()
    link = FollowUpLink.objects.create(
        email=email,
        token_salt=salt,
        token_hash=digest(token_for(FOLLOW_PURPOSE, salt)),
        token_expires=link_expiry(settings.NETWORK_LINK_DAYS),
    )
    enqueue(tasks().send_follow_up_email, link.pk)
    return link


def find_follow_up(token):
    """The follow-up link whose token is `token`, if it has not expired."""
    return FollowUpLink.objects.filter(
        token_hash=digest(token), token_expires__gt=timezone.now()
    ).first()
