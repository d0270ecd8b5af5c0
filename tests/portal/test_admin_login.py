"""The admin login resists guessing: ten failures for one account (any address) or from one
address (any account) suspend it for 15 minutes (django-axes); any address header gets a
normal answer; strong passwords only (Django's validators)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

PASSWORD = "Une phrase de passe solide 2026"
EDITOR = "redaction.namur"
ATTACKER = "203.0.113.7"


@pytest.fixture
def editor(db):
    """An editor who can reach the admin."""
    return get_user_model().objects.create_user(
        EDITOR, "redaction@example.org", PASSWORD, is_staff=True
    )


def log_in(client, password, address=ATTACKER):
    """One post of the admin login form from `address`."""
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": EDITOR, "password": password},
        REMOTE_ADDR=address,
    )


LIMIT = 10


def test_ten_wrong_passwords_suspend_the_account_for_fifteen_minutes(client, editor):
    for _ in range(LIMIT - 1):
        assert log_in(client, "devinette").status_code == 200  # the form, with its error
    locked = log_in(client, "devinette")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Connexion suspendue" in text and "pendant 15 minutes" in text
    assert '<html lang="fr' in text
    # The right password no longer helps, from there or from elsewhere, for 15 minutes.
    assert log_in(client, PASSWORD).status_code == 429
    assert log_in(client, PASSWORD, address="198.51.100.20").status_code == 429


def test_guesses_spread_over_addresses_are_slowed(client, editor):
    """What was seen: 12 addresses against one account were never slowed."""
    for number in range(LIMIT):
        log_in(client, "devinette", address=f"198.51.100.{number + 1}")
    assert log_in(client, PASSWORD, address="198.51.100.200").status_code == 429


def test_guesses_spread_over_accounts_are_slowed(client, editor):
    """What was seen: 30 user names from one address were never slowed."""
    for number in range(LIMIT):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": f"personne{number}", "password": "devinette"},
            REMOTE_ADDR=ATTACKER,
        )
    assert log_in(client, PASSWORD).status_code == 429
    # The editor, elsewhere, is not kept out.
    assert log_in(client, PASSWORD, address="198.51.100.20").status_code == 302


@pytest.mark.parametrize("address", ["not-an-ip", "1.2.3.4:80", "", "<script>"])
def test_any_address_gets_a_normal_answer(client, editor, address):
    """A broken proxy header became a 500 (django-axes stores the address in an address
    column): portal/proxy.py keeps only addresses, and axes reads none that is not one."""
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": EDITOR, "password": "devinette"},
        REMOTE_ADDR=address,
        HTTP_X_FORWARDED_FOR=address,
    )
    assert response.status_code == 200


def test_the_unlock_command_lifts_the_lockout(client, editor):
    for _ in range(LIMIT):
        log_in(client, "devinette")
    assert log_in(client, PASSWORD).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert log_in(client, PASSWORD).status_code == 302


def test_a_right_password_clears_earlier_mistakes(client, editor):
    for _ in range(LIMIT - 1):
        log_in(client, "faute de frappe")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert log_in(client, "faute de frappe").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "password",
    [
        "redac123",  # the password the audit saw accepted
        "Court2026!",  # under 12 characters
        "123456789012",  # only digits
        "qwerty123456",  # a common password
        "redaction.namur1",  # close to the user name
        "aaaaaaaaaaaa",  # one letter, twelve times (seen accepted)
        "redac2redac2",  # a short word, twice (seen accepted)
    ],
)
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_a_long_passphrase_is_accepted(editor):
    validate_password(PASSWORD, user=editor)
    validate_password("Maison du Centre 2026", user=editor)


def test_a_weak_password_is_refused_in_french(editor):
    with pytest.raises(ValidationError) as refused:
        validate_password("aaaaaaaaaaaa", user=editor)
    text = " ".join(refused.value.messages)
    assert "mot de passe" in text.lower(), text
    assert not re.search(r"\b(the|your|password|is)\b", text), text
