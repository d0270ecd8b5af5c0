"""Every e-mail the site sends is plain text where it is plain text: its subject and its text
part never carry HTML entities ("GT 1° &amp; 4°", "l&#x27;aide"), whatever a partner or a
visitor typed. The HTML alternative escapes, as it must."""

import re

import pytest
from django.core import mail

from ppli.emails import send_decision_email, send_signup_emails
from ppli.models.signup import SignupStatus
from tests.home.test_contact_form import URL, field_names
from tests.ppli.test_signup_admin import make_signup

pytestmark = pytest.mark.django_db

ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")
TYPED = 'Aide & accueil d\'urgence <CPAS> "Namur"'


def assert_plain(message):
    assert not ENTITY.search(message.subject), message.subject
    assert not ENTITY.search(message.body), message.body
    assert "\n" not in message.subject and "\r" not in message.subject


def test_the_sign_up_emails_are_plain_text():
    signup = make_signup(
        organisation_name=TYPED,
        contact_name="Zoë O'Brien",
        group_title="GT 1° & 4° : l'accès à l'aide sociale",
    )
    send_signup_emails(signup.submission)
    signup.status = SignupStatus.ACCEPTED
    signup.save()
    send_decision_email(signup.pk)

    assert len(mail.outbox) >= 3
    for message in mail.outbox:
        assert_plain(message)
    decision = mail.outbox[-1]
    assert decision.subject == "Inscription acceptée : GT 1° & 4° : l'accès à l'aide sociale"
    notification = next(m for m in mail.outbox if m.subject.startswith("Nouvelle demande"))
    assert notification.subject.endswith(TYPED)
    html = mail.outbox[0].alternatives[0][0]
    assert "&lt;CPAS&gt;" in html and "<CPAS>" not in html


def test_the_contact_email_is_plain_text(client, django_capture_on_commit_callbacks):
    names = field_names(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL,
            {
                names["Nom"]: "Zoë O'Brien",
                names["Adresse e-mail"]: "zoe@example.org",
                names["Objet"]: TYPED,
                names["Message"]: TYPED,
            },
        )
    [message] = mail.outbox
    assert_plain(message)
    assert TYPED in message.body
