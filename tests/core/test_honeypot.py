"""The robots' trap shared by the public forms (core/honeypot.py)."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from core.honeypot import HONEYPOT_FIELD, HoneypotMixin
from ppli.forms import SignupForm


class MessageForm(HoneypotMixin, forms.Form):
    """A form with one question and the trap."""

    message = forms.CharField(max_length=100)


class RenamedTrapForm(MessageForm):
    """The trap under another name."""

    honeypot_field = "piege"


class CollidingForm(HoneypotMixin, forms.Form):
    """A form with a question of the trap's name."""

    site_web = forms.CharField()


def test_the_trap_comes_after_the_questions():
    assert list(MessageForm().fields) == ["message", HONEYPOT_FIELD]
    assert not MessageForm().fields[HONEYPOT_FIELD].required


def test_a_person_leaves_it_empty_and_it_is_not_kept():
    form = MessageForm({"message": "Bonjour", HONEYPOT_FIELD: ""})
    assert not form.is_spam()
    assert form.is_valid()
    assert form.cleaned_data == {"message": "Bonjour"}


def test_a_robot_fills_it_in():
    assert MessageForm({"message": "Bonjour", HONEYPOT_FIELD: "http://spam.example"}).is_spam()
    # Even with nothing else right: the robot is told before the form is judged.
    assert MessageForm({HONEYPOT_FIELD: "x"}).is_spam()


def test_the_trap_can_be_renamed_and_prefixed():
    assert RenamedTrapForm({"piege": "x"}).is_spam()
    assert not RenamedTrapForm({HONEYPOT_FIELD: "x"}).is_spam()
    assert MessageForm({f"avis-{HONEYPOT_FIELD}": "x"}, prefix="avis").is_spam()


def test_the_trap_never_replaces_a_question():
    with pytest.raises(ImproperlyConfigured):
        CollidingForm()


def test_the_trap_is_hidden_from_people_and_never_echoed():
    html = str(MessageForm({HONEYPOT_FIELD: "http://spam.example"})[HONEYPOT_FIELD]).strip()
    assert html == (
        '<div class="form__hp" aria-hidden="true">\n'
        f'    <label for="id_{HONEYPOT_FIELD}">Ne pas remplir ce champ</label>\n'
        f'    <input type="text" name="{HONEYPOT_FIELD}" id="id_{HONEYPOT_FIELD}" tabindex="-1" '
        'autocomplete="off" value="">\n'
        "</div>"
    )


@pytest.mark.django_db
def test_the_signup_form_shares_it():
    form = SignupForm({HONEYPOT_FIELD: "http://spam.example"})
    assert isinstance(form, HoneypotMixin)
    assert list(form.fields)[-1] == HONEYPOT_FIELD
    assert form.is_spam()
    assert not SignupForm({HONEYPOT_FIELD: ""}).is_spam()
