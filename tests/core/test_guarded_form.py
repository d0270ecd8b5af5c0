"""The one guarded form (core/guarded_form.py): the trap, a bound on every text, the limit per
address with its 429, and what was typed kept."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from core.guarded_form import FormGuard, GuardedFormMixin, too_long, typed_values
from core.honeypot import HONEYPOT_FIELD
from home.contact import ContactForm
from ppli.forms import SignupForm

ADDRESS = "192.0.2.7"
TOPICS = [("fle", "Cours de français"), ("logement", "Logement")]


class QuestionForm(GuardedFormMixin, forms.Form):
    """A public form with a short text, an address, a multiple choice and a number."""

    name = forms.CharField(max_length=20)
    email = forms.EmailField(
        max_length=30, error_messages={"max_length": "Cette adresse est trop longue."}
    )
    topics = forms.MultipleChoiceField(choices=TOPICS, required=False)
    age = forms.IntegerField(required=False)


class UnboundedForm(GuardedFormMixin, forms.Form):
    """A form whose author forgot a text's length."""

    message = forms.CharField()


class PlainForm(forms.Form):
    """A form without the guards."""

    name = forms.CharField(max_length=20)


@pytest.fixture
def guard(settings):
    """A guard allowing two sendings per address and ten minutes."""
    settings.TEST_FORM_RATE_LIMIT = (2, 600)
    return FormGuard("test-form", "TEST_FORM_RATE_LIMIT")


class Calls:
    """The view's side of the guard: it records what the guard asked for."""

    def __init__(self):
        """Nothing asked yet."""
        self.rendered, self.accepted, self.robots, self.notices = [], [], 0, []

    def render(self, form, notice=None, status=200):
        """The form's page."""
        self.rendered.append((form, notice, status))
        return HttpResponse("formulaire", status=status)

    def accept(self, form):
        """Store the form, thank the visitor."""
        self.accepted.append(form.cleaned_data)
        return HttpResponse("merci")

    def robot(self):
        """Thank the robot as a person."""
        self.robots += 1
        return HttpResponse("merci")

    def limit_notice(self, minutes):
        """The refusal's notice."""
        self.notices.append(minutes)
        return f"Réessayez dans {minutes} minutes."


def send(guard, calls, data, address=ADDRESS, form_class=QuestionForm):
    request = RequestFactory().post("/formulaire/", data, REMOTE_ADDR=address)
    return guard.receive(
        request,
        form_class,
        render=calls.render,
        accept=calls.accept,
        robot=calls.robot,
        limit_notice=calls.limit_notice,
    )


def valid(**values):
    return {"name": "Awa", "email": "awa@example.org", HONEYPOT_FIELD: "", **values}


# --- The form ---------------------------------------------------------------------------------


def test_every_text_gets_the_french_message_unless_it_has_its_own():
    form = QuestionForm(valid(name="N" * 21, email="a" * 20 + "@example.org"))
    assert not form.is_valid()
    assert form.errors["name"] == [
        "Ce texte est trop long : 20 caractères au plus (actuellement 21)."
    ]
    assert form.errors["email"] == ["Cette adresse est trop longue."]
    assert list(form.fields)[-1] == HONEYPOT_FIELD


def test_limits_are_written_the_french_way():
    assert too_long(5000) % {"show_value": 5001} == (
        "Ce texte est trop long : 5\u202f000 caractères au plus (actuellement 5001)."
    )
    assert too_long(254, "Cette adresse est trop longue") % {"show_value": 300} == (
        "Cette adresse est trop longue : 254 caractères au plus (actuellement 300)."
    )


def test_a_text_without_a_limit_is_refused_at_once():
    with pytest.raises(ImproperlyConfigured, match="UnboundedForm.message"):
        UnboundedForm()


@pytest.mark.django_db
def test_the_public_forms_are_guarded_forms():
    assert issubclass(ContactForm, GuardedFormMixin)
    assert isinstance(SignupForm(), GuardedFormMixin)


def test_what_was_typed_is_kept_without_the_trap():
    data = (
        RequestFactory()
        .post(
            "/", {"q-name": "Awa", "q-topics": ["fle", "logement"], f"q-{HONEYPOT_FIELD}": "spam"}
        )
        .POST
    )
    assert typed_values(QuestionForm(prefix="q"), data) == {
        "name": "Awa",
        "topics": ["fle", "logement"],
    }


# --- The guard --------------------------------------------------------------------------------


def test_a_valid_form_is_accepted_and_counted(guard, clock):
    calls = Calls()
    response = send(guard, calls, valid(topics=["fle"]))
    assert response.content == b"merci"
    assert calls.accepted == [
        {"name": "Awa", "email": "awa@example.org", "topics": ["fle"], "age": None}
    ]
    assert guard.rate_limit().retry_after(ADDRESS) == 0
    send(guard, calls, valid())
    assert guard.rate_limit().retry_after(ADDRESS) == 600


def test_errors_come_back_with_what_was_typed_and_count_nothing(guard, clock):
    calls = Calls()
    for _ in range(5):
        response = send(guard, calls, valid(email="pas-une-adresse", name="Awa <b>"))
        assert response.status_code == 200
        assert "Retry-After" not in response
    form, notice, status = calls.rendered[-1]
    assert form.is_bound and form.errors.keys() == {"email"}
    assert form["name"].value() == "Awa <b>"
    assert (notice, status, calls.accepted) == (None, 200, [])
    assert guard.rate_limit().retry_after(ADDRESS) == 0


def test_a_robot_gets_a_persons_answer_is_counted_and_nothing_is_kept(guard, clock):
    calls = Calls()
    response = send(guard, calls, {HONEYPOT_FIELD: "http://spam.example"})
    assert response.content == b"merci"
    assert (calls.robots, calls.accepted, calls.rendered) == (1, [], [])
    send(guard, calls, valid(**{HONEYPOT_FIELD: "x"}))
    assert guard.rate_limit().retry_after(ADDRESS) == 600


def test_over_the_limit_the_form_comes_back_as_typed_with_a_429(guard, clock):
    calls = Calls()
    send(guard, calls, valid())
    clock.now += 30
    send(guard, calls, valid())
    clock.now += 30
    typed = valid(name="Troisième", email="x", topics=["fle", "logement"])
    response = send(guard, calls, typed)
    assert response.status_code == 429
    assert response["Retry-After"] == "540"
    assert calls.notices == [9]
    form, notice, status = calls.rendered[-1]
    assert (notice, status) == ("Réessayez dans 9 minutes.", 429)
    # Unbound: what was typed, not judged (the address is no error of the visitor's).
    assert not form.is_bound
    assert form.initial == {
        "name": "Troisième",
        "email": "x",
        "topics": ["fle", "logement"],
    }
    assert len(calls.accepted) == 2
    # Refusals count nothing: the wait still ends ten minutes after the first sending.
    clock.now += 539
    assert send(guard, calls, valid())["Retry-After"] == "1"
    assert calls.notices[-1] == 1
    clock.now += 1
    assert send(guard, calls, valid()).content == b"merci"


def test_addresses_and_forms_count_apart(guard, clock, settings):
    calls = Calls()
    for _ in range(2):
        send(guard, calls, valid())
    assert send(guard, calls, valid()).status_code == 429
    assert send(guard, calls, valid(), address="192.0.2.8").status_code == 200
    settings.OTHER_FORM_RATE_LIMIT = (1, 600)
    other = FormGuard("other-form", "OTHER_FORM_RATE_LIMIT")
    assert send(other, calls, valid()).content == b"merci"


def test_a_form_without_the_guards_is_refused(guard):
    with pytest.raises(ImproperlyConfigured, match="GuardedFormMixin"):
        send(guard, Calls(), {"name": "Awa"}, form_class=PlainForm)


class NoteForm(GuardedFormMixin, forms.Form):
    """A public form with a line and a text over several lines."""

    subject = forms.CharField(max_length=80)
    message = forms.CharField(max_length=500, widget=forms.Textarea)


@pytest.mark.parametrize(
    "subject",
    [
        "Inscription\r\nBcc: tous@example.org",
        "Inscription\nBcc: x@example.org",
        "\x01\x1b\x7f",
        "a\tb",
    ],
)
def test_a_line_refuses_line_breaks_and_control_characters(subject):
    form = NoteForm(valid(subject=subject, message="Bonjour"))
    assert not form.is_valid()
    assert form.errors["subject"] == [
        "Ce champ tient sur une seule ligne : retirez les retours à la ligne et les caractères "
        "invisibles."
    ]


def test_a_text_keeps_its_lines_and_tabs_and_refuses_other_control_characters():
    form = NoteForm(valid(subject="Inscription", message="Bonjour,\r\n\tmerci.\nAwa"))
    assert form.is_valid(), form.errors
    form = NoteForm(valid(subject="Inscription", message="Bonjour\x07 \x1b[31m"))
    assert not form.is_valid()
    assert "caractère invisible" in form.errors["message"][0]
