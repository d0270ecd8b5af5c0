"""Storing requests to join the PPLI's network and deciding on them; e-mails leave once the
data is committed."""

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Organisation, SignupStatus, WorkingGroupSignup


@dataclass
class SubmissionResult:
    """The request one submission stored, or the pending request the address already had."""

    submission: uuid.UUID
    created: list = field(default_factory=list)
    already_pending: bool = False


def submit(data):
    """Store the request, with its axes, thematics and spaces, in one transaction; an address
    that already has a pending network request gets no second one (the database refuses it,
    even for two sendings at the same instant)."""
    from .tasks import send_signup_emails

    result = SubmissionResult(submission=uuid.uuid4())
    organisation = Organisation.objects.filter(name__iexact=data["organisation_name"]).first()
    with transaction.atomic():
        try:
            # A savepoint: a concurrent twin makes only this insert fail.
            with transaction.atomic():
                signup = WorkingGroupSignup.objects.create(
                    submission=result.submission,
                    organisation_name=data["organisation_name"],
                    organisation=organisation,
                    organisation_kind=data["organisation_kind"],
                    contact_name=data["contact_name"],
                    role=data["role"],
                    email=data["email"],
                    phone=data["phone"],
                    commune=data["commune"],
                    message=data["message"],
                    consent_at=timezone.now(),
                )
        except IntegrityError:
            result.already_pending = True
            return result
        signup.axes.set(data.get("axes") or [])
        signup.thematics.set(data.get("thematics") or [])
        signup.spaces.set(data.get("spaces") or [])
        result.created.append(signup)
        submission = str(result.submission)
        transaction.on_commit(lambda: send_signup_emails.enqueue(submission))
    return result


def decide(signups, status, user):
    """Accept or refuse pending requests; each partner is told by e-mail. Returns the count."""
    from .tasks import send_decision_email

    decided = []
    with transaction.atomic():
        for signup in signups.select_for_update().filter(status=SignupStatus.PENDING):
            signup.status = status
            signup.decided_at = timezone.now()
            signup.decided_by = user
            signup.save(update_fields=["status", "decided_at", "decided_by"])
            decided.append(signup.pk)
        transaction.on_commit(lambda: [send_decision_email.enqueue(pk) for pk in decided])
    return len(decided)
