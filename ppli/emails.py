"""The e-mails of « Rejoindre le réseau du PPLI », in French, as plain text with an HTML
alternative."""

from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from wagtail.models import Site
from wagtail_modeladmin.helpers import AdminURLHelper

from home.models import ContactSettings

from .models import PPLISettings, WorkingGroupSignup


def build(template, to, context):
    """The e-mail of templates/ppli/emails/<template>.{subject.txt,txt,html}, not yet sent."""
    # Header values never carry a line break (no header injection from partner input).
    subject = " ".join(render_to_string(f"ppli/emails/{template}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"ppli/emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach_alternative(
        render_to_string(f"ppli/emails/{template}.html", context), "text/html"
    )
    return message


def send(template, to, context):
    """Render templates/ppli/emails/<template>.{subject.txt,txt,html} and send."""
    build(template, to, context).send()


def fallback_coordinator_email(site):
    """Where notifications go when no chosen space has its own contact address: the PPLI
    settings' address, or else the centre's."""
    return PPLISettings.for_site(site).coordinator_email or ContactSettings.for_site(site).email


def admin_link(signup):
    """The absolute address of the request in the admin, where it is accepted or refused."""
    # wagtail-modeladmin's name for the inspect view of signup_admin.py's ModelAdmin (default
    # base path), read without importing signup_admin: its decisions enqueue the tasks that
    # import this module.
    path = AdminURLHelper(WorkingGroupSignup).get_action_url("inspect", quote(signup.pk))
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def contact_addresses(signup):
    """The contacts of the request's concertation spaces (or of its 2017-2020 group, for a
    request made before the network form), without repeats."""
    addresses = [space.contact_email for space in signup.spaces.all()]
    if signup.group is not None:
        addresses.append(signup.group.contact_email)
    return list(dict.fromkeys(address for address in addresses if address))


def send_signup_emails(submission):
    """Confirm a submission to the partner and notify the coordinators: each chosen space's
    contact, or else the PPLI settings' address, or else the centre's.

    The e-mails are all written first, then sent over one connection: with the mail server down,
    opening it fails before any leaves, so that the task's next attempt (core/retry.py) sends
    each one once.
    """
    signups = list(
        WorkingGroupSignup.objects.filter(submission=submission)
        .select_related("group")
        .prefetch_related("axes", "thematics", "spaces")
        .order_by("group_title")
    )
    if not signups:
        return
    site = Site.objects.get(is_default_site=True)
    first = signups[0]
    context = {"signup": first, "signups": signups, "site_name": site.site_name}
    messages = [build("signup_confirmation", [first.email], context)]
    by_coordinator = {}
    fallback = None
    for signup in signups:
        addresses = contact_addresses(signup)
        if not addresses:
            fallback = fallback or fallback_coordinator_email(site)
            addresses = [fallback]
        for address in addresses:
            by_coordinator.setdefault(address, []).append(signup)
    for address, group_signups in by_coordinator.items():
        if address:
            links = [(signup, admin_link(signup)) for signup in group_signups]
            messages.append(
                build(
                    "coordinator_notification",
                    [address],
                    {**context, "signups": group_signups, "links": links},
                )
            )
    with get_connection() as connection:
        connection.send_messages(messages)


def send_decision_email(signup_id):
    """Tell the partner that a request was accepted or refused (nothing if it was deleted)."""
    signup = WorkingGroupSignup.objects.filter(pk=signup_id).first()
    if signup is None:
        return
    send("signup_decision", [signup.email], {"signup": signup})
