"""« Suivre mes envois » (network/views.py, personal_data.py): the link asked by e-mail, the same
answer whether the address is known or not; a person's own page by that link (never cached):
their findings, answers and requests, the team's messages, a message to the team and a
withdrawal in two steps; their data as a JSON file."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from network import channels
from network.models import (
    ChannelMessage,
    Consultation,
    FindingStatus,
    FollowUpLink,
    FollowUpPage,
    RequestStatus,
)
from network.personal_data import person_data
from tests.network.test_findings_page import html_of, main_of, published

pytestmark = pytest.mark.django_db

PAGE = "/ppli/mes-demandes/"
EMAIL = "awa@example.org"


def link_for(email=EMAIL):
    """The path of a fresh follow-up link of `email` (it must have sent something)."""
    link = channels.send_follow_up_link(email)
    page = FollowUpPage.objects.get()
    return page.url + page.reverse_subpage("follow", args=[channels.follow_up_token(link)])


def finding_of(email=EMAIL, **extra):
    """A finding of `email` as the form sends it (received, not published)."""
    return channels.create_finding(
        organisation="Maison médicale",
        contact_name="Awa Diallo",
        email=email,
        phone="",
        description="Mes propres mots sur le terrain.",
        **extra,
    )


def request_of(email=EMAIL):
    """An expertise request of `email` as the form sends it."""
    return channels.create_request(
        name="Awa Diallo",
        organisation="",
        email=email,
        phone="",
        context="Le contexte",
        question="Ma question au réseau ?",
        urgency="normale",
        concerned="",
    )


@pytest.fixture
def sent():
    """A finding (received), a published finding and a request of EMAIL, with a message of
    the team on the request; and a finding of someone else."""
    received = finding_of()
    public = published(7)
    public.email = EMAIL
    public.save()
    expertise_request = request_of()
    channels.add_message(expertise_request, "Nous analysons votre demande.", from_staff=True)
    other = finding_of("autre@example.org")
    return {"received": received, "public": public, "request": expertise_request, "other": other}


# The link.


def test_the_page_asks_for_an_address(client):
    response = client.get(PAGE)
    html = main_of(response)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert re.search(r'<label for="id_email">Adresse e-mail', html)
    assert 'autocomplete="email"' in html and "Recevoir mon lien</button>" in html


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(
    client, sent, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(PAGE, {"email": "Awa@Example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(PAGE, {"email": "inconnu@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert main_of(known) == main_of(unknown)
    assert "Si cette adresse a envoyé" in main_of(known)
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert FollowUpLink.objects.get().email == EMAIL
    token_path = re.search(r"/ppli/mes-demandes/[0-9a-f]{64}/", mail.outbox[0].body).group()
    assert token_path not in known.content.decode()
    assert client.get(token_path).status_code == 200


@pytest.mark.parametrize(
    "email, error",
    [("", "Indiquez votre adresse e-mail."), ("awa@", "Saisissez une adresse e-mail valide")],
)
def test_a_bad_address_comes_back_in_french(client, email, error):
    response = client.post(PAGE, {"email": email})
    html = html_of(response)
    assert response.status_code == 200
    assert "Il y a un problème" in html and error in html
    assert not FollowUpLink.objects.exists()


@override_settings(NETWORK_LINK_RATE_LIMIT=(2, 900), NETWORK_FORM_RATE_LIMIT=(100, 900))
def test_links_are_limited_on_their_own(client, sent):
    for _ in range(2):
        assert client.post(PAGE, {"email": "quelquun@example.org"}).status_code == 200
    response = client.post(PAGE, {"email": EMAIL})
    assert response.status_code == 429
    assert "trop de demandes" in html_of(response)
    assert not FollowUpLink.objects.exists()


def test_a_robot_reads_the_same_answer(client, sent):
    response = client.post(PAGE, {"email": EMAIL, "site_web": "x"})
    assert "Si cette adresse a envoyé" in html_of(response)
    assert not FollowUpLink.objects.exists()


# The person's own page.


def test_the_page_of_the_link_shows_what_the_address_sent_privately(client, sent):
    consultation = Consultation.objects.get()
    consultation.opens_on = timezone.localdate() - timedelta(days=1)
    consultation.closes_on = timezone.localdate() + timedelta(days=5)
    consultation.save()
    item = consultation.items.order_by("position").first()
    submission = channels.submit_answers(consultation, EMAIL, [(item, "nuancer", "Mon avis")])
    channels.confirm(channels.confirmation_token(submission))
    response = client.get(link_for())
    html = main_of(response)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex">' in html_of(response)
    assert html.count("<h1") == 1
    received, public = sent["received"], sent["public"]
    assert f'id="constat-{received.pk}"' in html and f'id="constat-{public.pk}"' in html
    assert "Mes propres mots sur le terrain." in html
    assert "Reçu" in html and "Retenu" in html
    assert "Résumé public du constat 7." in html
    assert (
        f"Enjeu essentiel n° {item.number}" in html and "À nuancer" in html and "Mon avis" in html
    )
    assert f'id="demande-{sent["request"].pk}"' in html
    assert "L'équipe du C.A.I." in html and "Nous analysons votre demande." in html
    assert f'id="constat-{sent["other"].pk}"' not in html  # another address's finding


@pytest.mark.parametrize("token", ["nimporte-quoi", "a" * 64])
def test_an_unknown_link_is_a_french_404_that_reveals_nothing(client, sent, token):
    for path in (f"{PAGE}{token}/", f"{PAGE}{token}/donnees.json"):
        response = client.get(path)
        html = main_of(response)
        assert response.status_code == 404, path
        assert "Ce lien n'est pas ou plus valable" in html
        assert "@" not in html
        assert "no-store" in response["Cache-Control"]


def test_an_expired_link_is_unknown(client, sent):
    path = link_for()
    FollowUpLink.objects.update(token_expires=timezone.now() - timedelta(seconds=1))
    response = client.get(path)
    assert response.status_code == 404
    assert EMAIL not in response.content.decode()


def test_the_person_writes_to_the_team(client, sent, django_capture_on_commit_callbacks):
    path = link_for()
    key = f"demande-{sent['request'].pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path, {"action": "message", "fiche": key, f"{key}-text": "Merci, voici un détail."}
        )
    assert response.status_code == 302
    assert response["Location"] == f"{path}?fait=message#{key}"
    message = ChannelMessage.objects.get(text="Merci, voici un détail.")
    assert message.request == sent["request"] and not message.from_staff
    html = main_of(client.get(response["Location"]))
    assert "Votre message est envoyé à l'équipe." in html
    assert "Merci, voici un détail." in html


@pytest.mark.parametrize(
    "text, error", [("", "Écrivez votre message."), ("x" * 3001, "3 000 caractères au plus")]
)
def test_a_bad_message_comes_back_with_its_error(client, sent, text, error):
    path = link_for()
    key = f"constat-{sent['received'].pk}"
    response = client.post(path, {"action": "message", "fiche": key, f"{key}-text": text})
    html = html_of(response)
    assert response.status_code == 200
    assert "Il y a un problème" in html and error in html
    assert f'href="#id_{key}-text"' in html
    assert "<title>Erreur : " in html
    assert not ChannelMessage.objects.filter(from_staff=False).exists()


def test_a_withdrawal_is_asked_then_confirmed(client, sent):
    path = link_for()
    received = sent["received"]
    key = f"constat-{received.pk}"
    html = main_of(client.get(path))
    assert f'href="{path}?retirer={key}#{key}">Retirer ce constat' in html
    html = main_of(client.get(f"{path}?retirer={key}"))
    assert "Retirer ce constat ?" in html and "Confirmer le retrait" in html
    response = client.post(path, {"action": "retirer", "fiche": key})
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == FindingStatus.WITHDRAWN
    html = main_of(client.get(response["Location"]))
    assert "Votre retrait est enregistré" in html
    assert f'?retirer={key}"' not in html  # no second withdrawal
    # Once withdrawn, it cannot be withdrawn again.
    assert client.post(path, {"action": "retirer", "fiche": key}).status_code == 409


def test_a_request_is_withdrawn_too(client, sent):
    path = link_for()
    key = f"demande-{sent['request'].pk}"
    client.post(path, {"action": "retirer", "fiche": key})
    sent["request"].refresh_from_db()
    assert sent["request"].status == RequestStatus.WITHDRAWN


@pytest.mark.parametrize(
    "data",
    [
        {"action": "retirer", "fiche": "constat-OTHER"},
        {"action": "message", "fiche": "constat-OTHER", "constat-OTHER-text": "Intrus"},
        {"action": "retirer", "fiche": "constat-999999999999999999999999"},
        {"action": "retirer", "fiche": "constat-²"},  # a digit for str.isdigit, not for int()
        {"action": "retirer", "fiche": "inconnu-1"},
        {"action": "detruire", "fiche": "constat-RECEIVED"},
        {"fiche": "constat-RECEIVED"},
    ],
)
def test_another_address_s_record_or_an_odd_action_is_refused(client, sent, data):
    path = link_for()
    data = {
        key.replace("OTHER", str(sent["other"].pk)): value.replace(
            "OTHER", str(sent["other"].pk)
        ).replace("RECEIVED", str(sent["received"].pk))
        for key, value in data.items()
    }
    response = client.post(path, data)
    assert response.status_code in (200, 409)
    if "action" in data:
        assert response.status_code == 409
        assert "Cette action n'est pas ou plus possible" in html_of(response)
    sent["other"].refresh_from_db()
    assert sent["other"].status == FindingStatus.RECEIVED
    assert not ChannelMessage.objects.filter(text="Intrus").exists()


# The person's data.


def test_the_data_file_holds_everything_about_the_address_and_no_token(client, sent):
    path = link_for()
    response = client.get(path + "donnees.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["adresse_e_mail"] == EMAIL
    numbers = {finding["numero"] for finding in data["constats_de_terrain"]}
    assert numbers == {sent["received"].pk, sent["public"].pk}
    assert data["demandes_d_expertise"][0]["question"] == "Ma question au réseau ?"
    assert data["demandes_d_expertise"][0]["messages"][0]["de"] == "l'équipe du C.A.I."
    assert len(data["liens_de_suivi_demandes"]) == 1
    link = FollowUpLink.objects.get()
    body = response.content.decode()
    assert link.token_hash not in body and link.token_salt not in body
    assert path.split("/")[-2] not in body


def test_person_data_reads_the_pending_sendings_in_a_fixed_number_of_queries(
    sent, django_assert_num_queries
):
    consultation = Consultation.objects.get()
    consultation.opens_on = timezone.localdate()
    consultation.closes_on = timezone.localdate() + timedelta(days=3)
    consultation.save()
    items = list(consultation.items.order_by("position"))
    confirmed = channels.submit_answers(consultation, EMAIL, [(items[0], "actuel", "Oui")])
    channels.confirm(channels.confirmation_token(confirmed))
    channels.submit_answers(consultation, EMAIL, [(items[1], "depasse", "")])
    # Findings: 1 + communes, axes, thematics, audiences, messages; requests: 1 + messages;
    # participants: 1 + answers, submissions; items; links.
    with django_assert_num_queries(13):
        data = person_data("AWA@example.org ")
    [participation] = data["consultations"]
    assert [answer["avis"] for answer in participation["reponses_comptees"]] == [
        "Toujours d'actualité"
    ]
    assert len(participation["envois"]) == 2
    pending = [sending for sending in participation["envois"] if not sending["confirme_le"]]
    assert pending[0]["reponses"][0]["avis"] == "Dépassé"
    assert pending[0]["reponses"][0]["item"]["numero"] == items[1].number
    json.dumps(data)  # plain data
    assert person_data("personne@example.org") == {
        "adresse_e_mail": "personne@example.org",
        "constats_de_terrain": [],
        "demandes_d_expertise": [],
        "consultations": [],
        "liens_de_suivi_demandes": [],
    }
