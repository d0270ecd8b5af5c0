"""The network's e-mails, in French, plain text, written when they leave (from the record as
it is then) and sent from the task queue (network/tasks.py).

To the sender of a finding or a request: its receipt, each change of status, the team's
messages, the publication of a finding. To the team (NetworkSettings, else the PPLI's
coordination address, else the centre's): each new finding and request, a message or a
withdrawal by its author. A consultation's confirmation link and a follow-up link go to the
address that asked, and only there: the links' tokens are rebuilt here from their salt.
"""

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from wagtail.models import Site
from wagtail_modeladmin.helpers import AdminURLHelper

from home.models import ContactSettings
from ppli.models import PPLISettings, WorkingGroupSignup

from .channels import confirmation_token, follow_up_token
from .models import (
    ConsultationPage,
    ConsultationSubmission,
    ExpertiseRequest,
    FieldFinding,
    FollowUpLink,
    FollowUpPage,
    NetworkSettings,
)

RECORDS = {"finding": FieldFinding, "request": ExpertiseRequest}

# Each news: who receives it ("author" or "team") and its subject.
MESSAGES = {
    "finding_received": ("author", "Votre constat de terrain est bien reçu"),
    "finding_status": ("author", "Votre constat de terrain : {status}"),
    "finding_published": ("author", "Votre constat de terrain est publié"),
    "request_received": ("author", "Votre demande d'expertise est bien reçue"),
    "request_status": ("author", "Votre demande d'expertise : {status}"),
    "staff_message": ("author", "Un message de l'équipe du C.A.I."),
    "author_message": ("team", "Nouveau message : {record}"),
    "withdrawn": ("team", "Retiré par son auteur : {record}"),
}
# The team is also told of each new finding and request.
TEAM_COPY = {
    "finding_received": "Nouveau constat de terrain",
    "request_received": "Nouvelle demande d'expertise",
}


def site():
    return Site.objects.get(is_default_site=True)


def team_address(current_site):
    """Where the team's copies go."""
    return (
        NetworkSettings.for_site(current_site).team_email
        or PPLISettings.for_site(current_site).coordinator_email
        or ContactSettings.for_site(current_site).email
    )


def one_line(text):
    """A subject never carries a line break (no header injection from a visitor's words)."""
    return " ".join(str(text).split())


def send(subject, to, template, context):
    EmailMessage(
        subject=one_line(subject),
        body=render_to_string(f"network/emails/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    ).send()


def admin_link(record):
    """The record's page in the staff's admin (wagtail-modeladmin's default address)."""
    path = AdminURLHelper(type(record)).get_action_url("edit", quote(record.pk))
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def follow_page_url():
    page = FollowUpPage.objects.live().first()
    return page.get_full_url() if page else ""


def send_channel_email(kind, record_kind, record_id):
    """Send the news `kind` about a finding or a request (nothing if it was deleted since)."""
    record = RECORDS[record_kind].objects.filter(pk=record_id).first()
    if record is None:
        return
    audience, subject = MESSAGES[kind]
    current_site = site()
    context = {
        "kind": kind,
        "record": record,
        "record_kind": record_kind,
        "status": record.get_status_display(),
        "last_message": record.messages.order_by("-created_at", "-pk").first(),
        "follow_url": follow_page_url(),
        "admin_url": admin_link(record),
        "site_name": current_site.site_name,
    }
    subject = subject.format(status=context["status"], record=record)
    if audience == "author":
        send(subject, [record.email], "to_author", context)
    if audience == "team" or kind in TEAM_COPY:
        team = team_address(current_site)
        if team:
            # A copy names its record; the team's own news already do in their subject.
            team_subject = f"{TEAM_COPY[kind]} : {record}" if kind in TEAM_COPY else subject
            send(team_subject, [team], "to_team", context)


def send_confirmation_email(submission_id):
    """The consultation sending's confirmation link, to its address."""
    submission = (
        ConsultationSubmission.objects.select_related("participant__consultation")
        .filter(pk=submission_id, confirmed_at__isnull=True)
        .first()
    )
    page = ConsultationPage.objects.live().first()
    if submission is None or page is None:
        return
    url = page.get_full_url() + page.reverse_subpage(
        "confirm", args=[confirmation_token(submission)]
    )
    send(
        "Confirmez vos réponses à la consultation",
        [submission.participant.email],
        "confirmation",
        {"submission": submission, "url": url, "expires": submission.token_expires},
    )


def send_follow_up_email(link_id):
    """A follow-up link, to its address."""
    link = FollowUpLink.objects.filter(pk=link_id).first()
    page = FollowUpPage.objects.live().first()
    if link is None or page is None:
        return
    url = page.get_full_url() + page.reverse_subpage("follow", args=[follow_up_token(link)])
    send(
        "Votre lien pour suivre vos demandes",
        [link.email],
        "follow_up",
        {"url": url, "expires": link.token_expires},
    )


def send_member_request(request_id, signup_id, sender_id):
    """Ask a network member for their expertise on a request: its question, context, thematic
    and commune, never its requester's name or address."""
    expertise_request = ExpertiseRequest.objects.filter(pk=request_id).first()
    signup = WorkingGroupSignup.objects.filter(pk=signup_id).first()
    if expertise_request is None or signup is None:
        return
    sender = get_user_model().objects.filter(pk=sender_id).first()
    current_site = site()
    reply_to = [sender.email] if sender and sender.email else [team_address(current_site)]
    EmailMessage(
        subject=one_line("Le réseau du PPLI sollicite votre expertise"),
        body=render_to_string(
            "network/emails/member_request.txt",
            {"request": expertise_request, "signup": signup, "sender": sender},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[signup.email],
        reply_to=[address for address in reply_to if address],
    ).send()
