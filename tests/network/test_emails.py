"""The network's e-mails (network/emails.py): each kind in French to the right recipient, one
line of subject whatever a visitor typed, confirmation and follow-up links that work, and a
request for a member's expertise that never names its requester."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import formats, timezone

from network import channels, emails
from network.channels import Confirmation
from network.models import (
    ConsultationAnswer,
    ConsultationPage,
    FindingStatus,
    FollowUpPage,
    NetworkSettings,
    RequestStatus,
)
from ppli.models import PPLISettings
from tests.network.test_channels import (
    make_finding,
    make_request,
    open_consultation,
    sending,
    summarised,
)
from tests.ppli.test_signup_admin import make_network_signup

pytestmark = pytest.mark.django_db

# The centre's address (home/data/site.yaml): the team's copies go there while neither the
# network's nor the PPLI's settings give one.
CENTRE = "info@cainamur.be"
URL = re.compile(r"https?://\S+")


def sent():
    """The e-mails sent, each checked for a one-line subject (no header injection)."""
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject, message.subject
    return mail.outbox


def only_link(message):
    """The one link of `message`'s body."""
    links = URL.findall(message.body)
    assert len(links) == 1, links
    return links[0]


def french_date(value):
    """A date as the e-mails write it: « 3 mars 2026 »."""
    return formats.date_format(timezone.localtime(value), "j F Y")


def test_a_new_finding_reaches_its_sender_and_the_team(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finding = make_finding()
    to_author, to_team = sent()
    assert to_author.to == ["personne1@example.org"]
    assert to_author.subject == "Votre constat de terrain est bien reçu"
    assert to_author.body.startswith("Bonjour Personne 1,")
    assert f"envoyé le {french_date(finding.created_at)}" in to_author.body
    assert "/ppli/mes-demandes/" in to_author.body  # where to ask for a follow-up link
    assert to_team.to == [CENTRE]
    assert to_team.subject == (
        f"Nouveau constat de terrain : Constat n° {finding.pk} (Maison médicale du Centre)"
    )
    assert "Un nouveau constat de terrain a été envoyé par Maison médicale du Centre" in (
        to_team.body
    )
    assert "http://testserver/admin/" in to_team.body  # to handle it in the admin


def test_a_new_request_reaches_its_sender_and_the_teams_own_address(
    site, django_capture_on_commit_callbacks
):
    ppli_settings = PPLISettings.for_site(site)
    ppli_settings.coordinator_email = "ppli@example.org"
    ppli_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_request()
    network_settings = NetworkSettings.for_site(site)
    network_settings.team_email = "reseau@example.org"
    network_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_request(2)
    first_author, first_team, second_author, second_team = sent()
    assert first_author.to == ["demandeur1@example.org"]
    assert first_author.subject == "Votre demande d'expertise est bien reçue"
    assert "Nous avons bien reçu votre demande d'expertise" in first_author.body
    # The PPLI's coordination address, until the network's settings give the team's own.
    assert first_team.to == ["ppli@example.org"]
    assert second_team.to == ["reseau@example.org"]
    assert second_author.to == ["demandeur2@example.org"]
    assert "Une nouvelle demande d'expertise a été envoyée par Demandeur 2 (CPAS de Namur)" in (
        second_team.body
    )


def test_the_author_is_told_of_each_news_in_french():
    finding, expertise_request = make_finding(), make_request()
    finding.status = FindingStatus.NOT_KEPT
    finding.save()
    emails.send_channel_email("finding_status", "finding", finding.pk)
    summarised(finding, public_title="Des délais trop longs")
    emails.send_channel_email("finding_published", "finding", finding.pk)
    expertise_request.status = RequestStatus.MOBILISED
    expertise_request.save()
    emails.send_channel_email("request_status", "request", expertise_request.pk)
    channels.add_message(expertise_request, "Un membre du réseau vous contactera.", from_staff=True)
    emails.send_channel_email("staff_message", "request", expertise_request.pk)

    status, published, request_status, message = sent()
    assert status.to == published.to == ["personne1@example.org"]
    assert status.subject == "Votre constat de terrain : non retenu"
    assert "est maintenant : non retenu." in status.body
    assert published.subject == "Votre constat de terrain est publié"
    assert "« Des délais trop longs »" in published.body
    assert "Votre nom et vos coordonnées n'y figurent pas." in published.body
    assert request_status.to == message.to == ["demandeur1@example.org"]
    assert request_status.subject == "Votre demande d'expertise : réseau mobilisé"
    assert request_status.body.startswith("Bonjour Demandeur 1,")
    assert message.subject == "Un message de l'équipe du C.A.I."
    assert "L'équipe du C.A.I. vous a écrit au sujet de votre demande d'expertise" in message.body
    assert "Un membre du réseau vous contactera." in message.body


def test_the_team_is_told_of_a_message_or_a_withdrawal():
    finding = make_finding()
    channels.add_message(finding, "J'ai un chiffre à ajouter.")
    emails.send_channel_email("author_message", "finding", finding.pk)
    emails.send_channel_email("withdrawn", "finding", finding.pk)
    message, withdrawn = sent()
    assert message.to == withdrawn.to == [CENTRE]
    assert message.subject == (
        f"Nouveau message : Constat n° {finding.pk} (Maison médicale du Centre)"
    )
    assert "J'ai un chiffre à ajouter." in message.body
    assert withdrawn.subject.startswith("Retiré par son auteur : Constat n°")
    assert "l'a retiré" in withdrawn.body


def test_a_subject_stays_on_one_line_whatever_the_visitor_typed():
    finding = make_finding(organisation="Maison\r\nBcc: pirate@example.org\nX")
    emails.send_channel_email("finding_received", "finding", finding.pk)
    to_author, to_team = sent()  # sent() checks every subject
    assert "Maison Bcc: pirate@example.org X" in to_team.subject
    assert to_team.bcc == [] and to_author.bcc == []


def test_nothing_is_sent_about_a_deleted_record():
    finding = make_finding()
    pk = finding.pk
    finding.delete()
    emails.send_channel_email("finding_status", "finding", pk)
    assert mail.outbox == []


def test_the_confirmation_link_confirms_the_answers():
    consultation = open_consultation()
    submission = channels.submit_answers(
        consultation, "Reponse@Example.org", sending(consultation, ["actuel", "nuancer"])
    )
    emails.send_confirmation_email(submission.pk)
    (message,) = sent()
    assert message.to == ["reponse@example.org"]
    assert message.subject == "Confirmez vos réponses à la consultation"
    assert f"« {consultation.title} »" in message.body
    assert f"valable jusqu'au {french_date(submission.token_expires)}" in message.body
    url = only_link(message)
    page = ConsultationPage.objects.live().get()
    assert url.startswith(page.get_full_url() + "confirmer/")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert channels.confirm(token) == (Confirmation.CONFIRMED, submission)
    assert ConsultationAnswer.objects.count() == 2
    # Confirmed: a late retry of the task sends nothing.
    emails.send_confirmation_email(submission.pk)
    assert len(mail.outbox) == 1


def test_the_follow_up_link_opens_its_addresses_records(settings):
    settings.NETWORK_LINK_DAYS = 7
    make_finding()
    link = channels.send_follow_up_link("personne1@example.org")
    emails.send_follow_up_email(link.pk)
    (message,) = sent()
    assert message.to == ["personne1@example.org"]
    assert message.subject == "Votre lien pour suivre vos demandes"
    assert "Ne le transmettez pas" in message.body
    url = only_link(message)
    assert url.startswith(FollowUpPage.objects.live().get().get_full_url())
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert channels.find_follow_up(token) == link
    assert link.token_hash not in message.body and link.token_salt not in message.body
    assert link.token_expires - timezone.now() > timedelta(days=6)


def test_a_member_is_asked_without_the_requesters_name_or_address(django_user_model, site):
    expertise_request = make_request(
        name="Bernadette Requérante",
        email="bernadette.requerante@example.org",
        phone="0470 12 34 56",
        context="Des familles hébergées en ILA attendent un logement.",
        question="Quels relais pour l'accès au logement ?",
    )
    signup = make_network_signup(contact_name="Awa Diallo", email="awa@example.org")
    staff = django_user_model.objects.create_user(
        "coordination", "coordination@example.org", "x", first_name="Chloé", last_name="Martin"
    )
    emails.send_member_request(expertise_request.pk, signup.pk, staff.pk)
    emails.send_member_request(expertise_request.pk, signup.pk, None)
    with_sender, without_sender = sent()
    assert with_sender.to == ["awa@example.org"]
    assert with_sender.reply_to == ["coordination@example.org"]
    assert without_sender.reply_to == [CENTRE]  # the team's address, without a sender
    assert with_sender.subject == "Le réseau du PPLI sollicite votre expertise"
    assert with_sender.body.startswith("Bonjour Awa Diallo,")
    assert "Quels relais pour l'accès au logement ?" in with_sender.body
    assert "Des familles hébergées en ILA attendent un logement." in with_sender.body
    assert "Chloé Martin" in with_sender.body
    for message in (with_sender, without_sender):
        seen = " ".join(
            [
                message.subject,
                message.body,
                *message.to,
                *message.cc,
                *message.bcc,
                *message.reply_to,
                *map(str, message.extra_headers.values()),
            ]
        )
        for private in ("Bernadette", "Requérante", "bernadette.requerante", "0470 12 34 56"):
            assert private not in seen
