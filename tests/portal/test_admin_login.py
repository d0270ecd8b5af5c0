"""The admin login resists guessing: lockout after 5 wrong passwords (django-axes), strong
passwords only (Django's validators)."""

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


def test_five_wrong_passwords_lock_the_account_from_that_address(client, editor):
    for _ in range(4):
        assert log_in(client, "devinette").status_code == 200  # the form, with its error
    locked = log_in(client, "devinette")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Connexion suspendue" in text and "pendant 15 minutes" in text
    assert '<html lang="fr' in text
    # The right password no longer helps from there…
    assert log_in(client, PASSWORD).status_code == 429
    # …but the editor, at another address, still gets in.
    assert log_in(client, PASSWORD, address="198.51.100.20").status_code == 302


def test_the_unlock_command_lifts_the_lockout(client, editor):
    for _ in range(5):
        log_in(client, "devinette")
    assert log_in(client, PASSWORD).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert log_in(client, PASSWORD).status_code == 302


def test_a_right_password_clears_earlier_mistakes(client, editor):
    for _ in range(4):
        log_in(client, "faute de frappe")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
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
    ],
)
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_a_long_passphrase_is_accepted(editor):
    validate_password(PASSWORD, user=editor)
