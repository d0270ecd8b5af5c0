"""The network's personal data: how long it is kept (manage.py purge_network_data, each night)
and how one person's is erased on request (manage.py network_person_data --delete).

- A finding's sender: name, address, phone, their own words (description, since when, links),
  the messages on it and the team's notes go NETWORK_RETENTION_MONTHS after it was closed (not
  kept, merged, withdrawn), or after a kept one was published or closed. The row stays, with
  its organisation (not a person), its public title and summary and its tags: the published
  list and the counts do not change.
- An expertise request (closed or withdrawn) goes whole, with its messages,
  NETWORK_RETENTION_MONTHS after its last change of status.
- A consultation's addresses are replaced by an anonymous value
  NETWORK_CONSULTATION_RETENTION_MONTHS after it closed: its answers (the counts) stay, the
  comments never published are erased, the sendings as typed (with their comments) go.
- A sending never confirmed and a follow-up link go once their link expired, and an address
  that never confirmed anything with them.

The privacy page states these periods (home.blocks.retention_periods). A month counts 30 days,
as the other purges count it (agenda, ppli).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from pagecache.signals import bump_now_and_on_commit

from .channels import CLOSED_FINDING_STATUSES, normalise_email
from .models import (
    ChannelMessage,
    CommentStatus,
    Consultation,
    ConsultationAnswer,
    ConsultationParticipant,
    ConsultationSubmission,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    FollowUpLink,
    RequestStatus,
)

DAYS_PER_MONTH = 30
# An anonymised participant's address: never an address (no "@"), one per participant, since
# the database wants one address per consultation.
ANONYMOUS_PREFIX = "anonyme-"
CLOSED_REQUEST_STATUSES = (RequestStatus.CLOSED, RequestStatus.WITHDRAWN)
# What is erased of a finding's sender: every field that is theirs, not the organisation.
ERASED_FINDING_FIELDS = {
    "contact_name": "",
    "email": "",
    "phone": "",
    "description": "",
    "since": "",
    "links": "",
    # The team's notes on the sending may name or describe its sender.
    "internal_notes": "",
}


def months_ago(months, now=None):
    """The moment `months` months (of DAYS_PER_MONTH days) before `now`."""
    return (now or timezone.now()) - timedelta(days=months * DAYS_PER_MONTH)


def anonymous_address():
    """The database expression of a participant's anonymous value: "anonyme-<its id>"."""
    return Concat(
        Value(ANONYMOUS_PREFIX), Cast("pk", output_field=CharField()), output_field=CharField()
    )


# What each rule selects (counted by a dry run, changed by the purge).


def findings_to_erase(limit):
    """The findings whose sender's data is still there, closed (or, kept, published or
    closed) before `limit`."""
    closed = Q(status__in=CLOSED_FINDING_STATUSES, closed_at__lt=limit)
    # A kept finding counts from its publication, or from its closing if staff closed it;
    # from the later of the two when it has both.
    published = Q(published_at__lt=limit) & (Q(closed_at__isnull=True) | Q(closed_at__lt=limit))
    kept_and_closed = Q(published_at__isnull=True, closed_at__lt=limit)
    kept = Q(status=FindingStatus.KEPT) & (published | kept_and_closed)
    return FieldFinding.objects.exclude(email="").filter(closed | kept)


def requests_to_delete(limit):
    """The requests closed or withdrawn before `limit`."""
    return ExpertiseRequest.objects.filter(
        status__in=CLOSED_REQUEST_STATUSES, status_changed_at__lt=limit
    )


def consultations_to_anonymise(months, now=None):
    """The consultations closed more than `months` months ago."""
    last_day = timezone.localdate(now) - timedelta(days=months * DAYS_PER_MONTH)
    return Consultation.objects.filter(closes_on__lt=last_day)


def named_participants(participants):
    """Those of `participants` whose address is still there."""
    return participants.filter(email__contains="@")


def unpublished_comments(answers):
    """The comments of `answers` never published (waiting or refused), not yet erased."""
    return answers.exclude(comment="").exclude(comment_status=CommentStatus.PUBLISHED)


def expired_submissions(now=None):
    """The sendings whose confirmation link expired unused."""
    return ConsultationSubmission.objects.filter(
        confirmed_at__isnull=True, token_expires__lt=now or timezone.now()
    )


def expired_links(now=None):
    """The follow-up links past their expiry."""
    return FollowUpLink.objects.filter(token_expires__lt=now or timezone.now())


def idle_participants(now=None):
    """Addresses that never confirmed anything and wait for nothing more: no answer, no
    sending left. Only those older than a confirmation link's lifetime, so that the row of a
    sending being written at this instant is left alone."""
    since = (now or timezone.now()) - timedelta(days=settings.NETWORK_CONFIRM_DAYS)
    return ConsultationParticipant.objects.filter(
        created_at__lt=since, answers__isnull=True, submissions__isnull=True
    )


# The changes, each on a queryset chosen above.


def erase_findings(findings):
    """Erase the sender's data of `findings` and the messages on them; returns how many."""
    pks = list(findings.values_list("pk", flat=True))
    ChannelMessage.objects.filter(finding__in=pks).delete()
    # One UPDATE: FieldFinding's post_save (the page cache) has nothing to do, since its
    # public fields stay as they are.
    return FieldFinding.objects.filter(pk__in=pks).update(**ERASED_FINDING_FIELDS)


def erase_comments(answers):
    """Erase the comments of `answers`; they are then never published."""
    return answers.update(comment="", comment_status=CommentStatus.REJECTED)


def anonymise_participants(participants):
    """Replace the addresses of `participants` by their anonymous value and delete their
    sendings as typed (which hold their comments); their answers stay."""
    pks = list(participants.values_list("pk", flat=True))
    ConsultationSubmission.objects.filter(participant__in=pks).delete()
    return ConsultationParticipant.objects.filter(pk__in=pks).update(email=anonymous_address())


def delete(rows):
    """Delete `rows` (with what cascades from them)."""
    rows.delete()


def purge(*, months=None, consultation_months=None, dry_run=False, now=None):
    """Apply every retention rule (or, with `dry_run`, only count). Returns [(French label,
    count)], in the order the command prints them."""
    months = months or settings.NETWORK_RETENTION_MONTHS
    consultation_months = consultation_months or settings.NETWORK_CONSULTATION_RETENTION_MONTHS
    now = now or timezone.now()
    limit = months_ago(months, now)
    consultations = consultations_to_anonymise(consultation_months, now)
    rules = [
        (
            f"constat(s) de terrain clôturé(s) ou publié(s) depuis plus de {months} mois : "
            "coordonnées et texte de leur auteur effacés",
            findings_to_erase(limit),
            erase_findings,
        ),
        (
            f"demande(s) d'expertise clôturée(s) ou retirée(s) depuis plus de {months} mois "
            "supprimée(s), avec leurs messages",
            requests_to_delete(limit),
            delete,
        ),
        (
            "commentaire(s) non publié(s) des consultations closes depuis plus de "
            f"{consultation_months} mois effacé(s)",
            unpublished_comments(
                ConsultationAnswer.objects.filter(item__consultation__in=consultations)
            ),
            erase_comments,
        ),
        (
            "adresse(s) des participants aux consultations closes depuis plus de "
            f"{consultation_months} mois anonymisée(s), leurs réponses gardées",
            named_participants(
                ConsultationParticipant.objects.filter(consultation__in=consultations)
            ),
            anonymise_participants,
        ),
        (
            "envoi(s) à la consultation jamais confirmé(s), au lien expiré, supprimé(s)",
            expired_submissions(now),
            delete,
        ),
        (
            "adresse(s) sans réponse confirmée ni envoi en attente supprimée(s)",
            idle_participants(now),
            delete,
        ),
        ("lien(s) de suivi expiré(s) supprimé(s)", expired_links(now), delete),
    ]
    report = []
    with transaction.atomic():
        for label, rows, change in rules:
            # Counted just before its change: the expired sendings deleted above leave the
            # idle addresses counted below.
            count = rows.count()
            if count and not dry_run:
                change(rows)
            report.append((label, count))
    return report


# One person's data, on request (manage.py network_person_data).


@transaction.atomic
def erase_person(email, *, today=None):
    """Erase what `email` sent to the network: its findings' sender data (a published
    summary stays), its requests (deleted, with their messages) and its follow-up links. Its
    answers to a consultation still open are deleted (the person may answer again); to a
    closed one, they stay, anonymised, so that the published results do not change; its
    comments are erased either way. Returns [(French label, count)]."""
    email = normalise_email(email)
    participants = ConsultationParticipant.objects.filter(email=email).select_related(
        "consultation"
    )
    still_open = [p.pk for p in participants if not p.consultation.is_closed(today)]
    requests = ExpertiseRequest.objects.filter(email=email)
    links = FollowUpLink.objects.filter(email=email)
    answers = ConsultationAnswer.objects.filter(participant__email=email)
    report = [
        (
            "constat(s) de terrain : coordonnées et texte effacés",
            erase_findings(FieldFinding.objects.filter(email=email)),
        ),
        ("demande(s) d'expertise supprimée(s)", requests.count()),
        (
            "commentaire(s) à une consultation effacé(s)",
            erase_comments(answers.exclude(comment="")),
        ),
        (
            "réponse(s) à une consultation en cours supprimée(s)",
            answers.filter(participant__in=still_open).count(),
        ),
        (
            "participation(s) à une consultation close anonymisée(s)",
            anonymise_participants(participants.exclude(pk__in=still_open)),
        ),
        ("lien(s) de suivi supprimé(s)", links.count()),
    ]
    requests.delete()
    links.delete()
    # Their answers and sendings go with them (on_delete=CASCADE).
    ConsultationParticipant.objects.filter(pk__in=still_open).delete()
    if still_open:
        # The consultation's page counts the answers: it changes.
        bump_now_and_on_commit()
    return report
