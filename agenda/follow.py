"""Following a registration without an account: its link's token and its place in the
waiting list (read by the e-mails and the registration's own page)."""

from django.utils import timezone

from core.tokens import digest, token_for

from .models import Registration, RegistrationStatus

TOKEN_PURPOSE = "agenda.registration"


def link_token(registration):
    """The token of the registration's link (core/tokens.py)."""
    return token_for(TOKEN_PURPOSE, registration.token_salt)


def find_by_token(token):
    """The registration whose link carries `token`, if the link has not expired."""
    return (
        Registration.objects.select_related("session__event")
        .filter(token_hash=digest(token), token_expires__gt=timezone.now())
        .first()
    )


def waiting_position(registration):
    """1 for the first person waiting, 2 for the next…; None when not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = (
        Registration.objects.filter(
            session_id=registration.session_id, status=RegistrationStatus.WAITING
        )
        .filter(created_at__lte=registration.created_at)
        .exclude(created_at=registration.created_at, pk__gte=registration.pk)
        .count()
    )
    return ahead + 1
