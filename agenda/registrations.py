"""The one writer of registrations: register, cancel, fill freed places, accept an offer.

Every change that moves a place happens in one transaction holding the session's row lock
(`select_for_update`), as Decidim and Pretix do: simultaneous registrations are taken one after
the other, so the places held never exceed the capacity and the waiting list keeps its order
(the time of registration, then the row's id). On SQLite, which has no row lock, a write locks
the whole database, with the same effect.

A cancellation fills the freed place from the waiting list at once: the first person waiting
is confirmed and told. Within AGENDA_OFFER_WINDOW_HOURS of the session, a confirmation out of
the blue could reach someone who no longer plans to come, so the place is offered instead and
held AGENDA_OFFER_HOLD_HOURS (never beyond the session's start); unconfirmed by then, the offer
lapses and the next person gets it (`fill_places`, run at each change and by the reminders'
command).

E-mails leave through the task queue once the transaction has committed (`notify`): never for
a change that was rolled back.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.tokens import digest, new_salt, token_for
from pagecache import generation

from .follow import TOKEN_PURPOSE
from .models import HOLDING_A_PLACE, EventSession, Registration, RegistrationStatus
from .tasks import send_registration_email


class RegistrationClosed(Exception):
    """The session takes no registration (no places set, cancelled, begun)."""


class AlreadyRegistered(Exception):
    """This e-mail address already holds a registration to the session (confirmed, waiting or
    offered): `registration` is that one, whose link is sent again."""

    def __init__(self, registration):
        super().__init__(registration)
        self.registration = registration


# The registrations still running: a second one for the same address is refused.
RUNNING = (*HOLDING_A_PLACE, RegistrationStatus.WAITING)

# What an e-mail about a registration's current status is called (emails.MESSAGES).
STATUS_MESSAGE = {
    RegistrationStatus.CONFIRMED: "confirmed",
    RegistrationStatus.WAITING: "waiting",
    RegistrationStatus.OFFERED: "offered",
}


def offer_window():
    return timedelta(hours=settings.AGENDA_OFFER_WINDOW_HOURS)


def offer_hold():
    return timedelta(hours=settings.AGENDA_OFFER_HOLD_HOURS)


def notify(registration, kind):
    """E-mail `kind` ("confirmed", "waiting", "promoted", "offered", "cancelled") to the
    person, through the task queue, after the transaction commits; nothing without an e-mail
    address (a registration taken on the phone)."""
    if not registration.email:
        return
    transaction.on_commit(
        lambda: send_registration_email.enqueue(registration.pk, kind), robust=True
    )


def locked_session(session_id):
    """The session, its row locked until the transaction ends. The places its event page
    shows change with the registrations: the cached pages are let go once this commits."""
    transaction.on_commit(generation.bump, robust=True)
    return EventSession.objects.select_for_update().select_related("event").get(pk=session_id)


def places_held(session):
    return session.registrations.filter(status__in=HOLDING_A_PLACE).count()


def register(session, *, name, consent=False, registered_by=None, **details):
    """Register a person to `session`: confirmed while places are left, else waiting.

    `details` are Registration's other fields (email, phone, organisation, needs). `consent`
    records when the person agreed to the processing of their data (online registrations);
    staff registering someone on their behalf (`registered_by`) answer for it. Raises
    RegistrationClosed when the session takes no registration, and AlreadyRegistered (after
    sending that registration's link again) when the e-mail address already holds a running
    one. Returns the registration.
    """
    now = timezone.now()
    with transaction.atomic():
        session = locked_session(session.pk)
        if not session.takes_registrations:
            raise RegistrationClosed
        lapse_offers(session, now)
        existing = running_registration(session, details.get("email"))
        if existing is not None:
            # Raised once committed: the link's e-mail leaves on commit.
            notify(existing, STATUS_MESSAGE[existing.status])
        else:
            registration = create_registration(session, name, consent, registered_by, now, details)
    if existing is not None:
        raise AlreadyRegistered(existing)
    return registration


def create_registration(session, name, consent, registered_by, now, details):
    """The new registration to the locked session: confirmed while places are left, else
    waiting; its e-mail queued."""
    full = places_held(session) >= session.capacity
    salt = new_salt()
    registration = Registration.objects.create(
        session=session,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
        name=name,
        consent_at=now if consent else None,
        registered_by=registered_by,
        token_salt=salt,
        token_hash=digest(token_for(TOKEN_PURPOSE, salt)),
        token_expires=link_expiry(session),
        created_at=now,
        **details,
    )
    notify(registration, "waiting" if full else "confirmed")
    return registration


def running_registration(session, email):
    """The running registration of `email` to the session (its row locked by the caller), if
    any; none for a registration without e-mail (taken on the phone)."""
    if not email:
        return None
    return session.registrations.filter(email__iexact=email, status__in=RUNNING).first()


def change_needs(registration, needs):
    """Record the needs the person changed on their own page (`needs`: NEED_FIELDS' values).
    No place moves: no lock needed; the event page's counts are staff's, not cached."""
    for name, value in needs.items():
        setattr(registration, name, value)
    registration.save(update_fields=list(needs))
    return registration


def link_expiry(session):
    """The link works until AGENDA_LINK_DAYS_AFTER days after the session."""
    end = session.ends_at or session.starts_at
    return end + timedelta(days=settings.AGENDA_LINK_DAYS_AFTER)


def cancel(registration):
    """Cancel a registration; a place it held goes to the waiting list at once. Cancelling
    twice changes nothing. Returns the registration as stored."""
    with transaction.atomic():
        session = locked_session(registration.session_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        held = registration.status in HOLDING_A_PLACE
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.offer_expires = None
        registration.save(update_fields=["status", "cancelled_at", "offer_expires"])
        notify(registration, "cancelled")
        if held:
            fill_places(session)
    return registration


def accept_offer(registration):
    """Take an offered place while the offer runs. Returns True if the place is now confirmed."""
    now = timezone.now()
    with transaction.atomic():
        session = locked_session(registration.session_id)
        lapse_offers(session, now)
        updated = Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.OFFERED
        ).update(status=RegistrationStatus.CONFIRMED, offer_expires=None)
        if updated:
            notify(Registration.objects.get(pk=registration.pk), "confirmed")
    return bool(updated)


def lapse_offers(session, now):
    """Offers not taken in time lapse (the session's row is locked by the caller); their
    places go to the next people waiting. Returns how many lapsed."""
    lapsed = session.registrations.filter(
        status=RegistrationStatus.OFFERED, offer_expires__lte=now
    ).update(status=RegistrationStatus.LAPSED)
    if lapsed:
        fill_places(session, now=now)
    return lapsed


def fill_places(session, now=None):
    """Give the session's free places to the first people waiting (the caller holds the
    session's row lock): confirmed, or offered within the offer window. Returns them."""
    now = now or timezone.now()
    if session.capacity is None or session.cancelled or session.starts_at <= now:
        return []
    free = session.capacity - places_held(session)
    if free <= 0:
        return []
    promoted = list(
        session.registrations.filter(status=RegistrationStatus.WAITING).order_by(
            "created_at", "pk"
        )[:free]
    )
    close = session.starts_at - now <= offer_window()
    for registration in promoted:
        if close:
            registration.status = RegistrationStatus.OFFERED
            registration.offer_expires = min(now + offer_hold(), session.starts_at)
        else:
            registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "offer_expires"])
        notify(registration, "offered" if close else "promoted")
    return promoted


# Staff's own changes (agenda/staff.py): a place given by hand.


class NotPromotable(Exception):
    """The registration is neither waiting nor lapsed: there is no one to promote."""


# Who staff may promote by hand: the people waiting, and those whose offer ran out.
PROMOTABLE = (RegistrationStatus.WAITING, RegistrationStatus.LAPSED)


def promote(registration):
    """Confirm a waiting (or lapsed) person by staff's decision, even beyond the capacity,
    and tell them with the "promoted" e-mail.

    Under the session's row lock, like every place change: the status is read again there, so
    a person the waiting list confirmed meanwhile is not confirmed twice. Raises
    RegistrationClosed when the session takes no registration (cancelled, begun) and
    NotPromotable when the person is no longer waiting. Returns the places then held.
    """
    with transaction.atomic():
        session = locked_session(registration.session_id)
        if session.cancelled or session.starts_at <= timezone.now():
            raise RegistrationClosed
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status not in PROMOTABLE:
            raise NotPromotable
        registration.status = RegistrationStatus.CONFIRMED
        registration.offer_expires = None
        registration.save(update_fields=["status", "offer_expires"])
        notify(registration, "promoted")
        return places_held(session)


def lapse_due_offers(now=None):
    """Lapse every offer not taken in time, session by session under its row lock, so that
    the next people waiting get the places without waiting for another change (run every 5
    minutes by `manage.py send_agenda_reminders`). Returns how many lapsed."""
    now = now or timezone.now()
    session_ids = set(
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires__lte=now)
        .order_by()
        .values_list("session_id", flat=True)
    )
    lapsed = 0
    for session_id in sorted(session_ids):
        with transaction.atomic():
            lapsed += lapse_offers(locked_session(session_id), now)
    return lapsed
