"""Forms of the admin itself that Wagtail lets a project replace through its settings."""

import logging

from django import forms
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from core.ratelimit import RateLimit, client_address

from .tasks import send_password_reset_email

logger = logging.getLogger(__name__)


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, with its password label translated.

    Wagtail 8 gives the password field no label, so Django shows the field's name, in
    English ("Password"), on an otherwise French page (WAGTAILADMIN_USER_LOGIN_FORM).
    """

    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Entrez votre mot de passe")}),
        strip=False,
    )


class QueuedPasswordResetForm(WagtailPasswordResetForm):
    """The admin's « Mot de passe oublié ? » form, answered the same way whatever the address.

    Django's form looks the account up and sends the e-mail while the visitor waits: an address
    with an account answers later than one without (which tells who has an account), and a mail
    server that is down loses the e-mail. Here the request only counts the demand and hands the
    typed address to the task queue (home.tasks.send_password_reset_email); the worker looks the
    account up and sends, again later while the mail server is down (core/retry.py). Known and
    unknown addresses thus do the same work, and get the same page.

    Demands are limited per typed address and per client (PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS,
    …_PER_CLIENT). Over a limit, nothing is sent and the answer is still the same page: it tells
    nothing about the address, and a flood never reaches anyone's mailbox. With the cache down
    nothing is counted (core/ratelimit.py): the demands still go through the queue.
    """

    def save(self, request=None, **kwargs):
        """Count the demand and queue it; Django's view passes the templates and the domain,
        which the worker takes from the settings instead (WAGTAILADMIN_BASE_URL)."""
        email = self.cleaned_data["email"]
        client = client_address(request) if request is not None else ""
        # Both counters always move, so that a refused demand costs what an accepted one does.
        per_client, per_address = client_limit(), address_limit()
        over_client = per_client.hit(client) > per_client.limit
        over_address = per_address.hit(address_key(email)) > per_address.limit
        if over_client or over_address:
            logger.warning(
                "Password reset demand not sent: too many from %s.",
                "this client" if over_client else "for this address",
            )
            return
        send_password_reset_email.enqueue(email)


def client_limit():
    """Demands allowed per client (its address) and window, read at each demand."""
    return RateLimit("password-reset-client", *settings.PASSWORD_RESET_RATE_LIMIT_PER_CLIENT)


def address_limit():
    """Demands allowed per typed e-mail address and window, read at each demand."""
    return RateLimit("password-reset-address", *settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS)


def address_key(email):
    """The typed address as the cache counts it: a keyed hash, never the address itself, and
    the same whatever the case (Django matches accounts case-blind)."""
    return salted_hmac("home.password-reset", email.strip().casefold()).hexdigest()
