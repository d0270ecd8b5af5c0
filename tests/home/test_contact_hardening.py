"""The contact form under strain: the mail server down, robots, floods and huge messages.

The message is stored first and e-mailed from the task queue, again later while the mail server
cannot be reached; a robot caught by the trap is thanked and nothing is kept; an address that
sent too much gets a 429 with what it typed; no answer is longer than its field allows.
"""

import io
import logging
from datetime import date, timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, FormSubmission

from home.contact import HONEYPOT_FIELD, ContactFormBuilder
from home.models import CONTACT_MESSAGE_STORED_HOOK, ContactEmailSent, FormField
from home.tasks import send_contact_email
from tests.conftest import page_at
from tests.core.mail_queue import (
    DATABASE_TASKS,
    FLAKY_BACKEND,
    MailServer,
    delay_of,
    run_queued_tasks,
    time_passes,
    waiting_tasks,
)

pytestmark = pytest.mark.django_db

URL = "/contact/general/"
THANKS = "Merci, votre message a bien été envoyé"


@pytest.fixture
def form_page():
    return page_at(URL)


@pytest.fixture
def names(form_page):
    """The form's field names by label ("Nom" → "nom")."""
    return {field.label: field.clean_name for field in form_page.get_form_fields()}


@pytest.fixture
def message(names):
    """A valid message, as a browser posts it (the trap left empty)."""

    def build(**values):
        data = {
            names["Nom"]: "Awa Diallo",
            names["Adresse e-mail"]: "awa@example.org",
            names["Objet"]: "Inscription",
            names["Message"]: "Bonjour, je voudrais m'inscrire au cours de français.",
            HONEYPOT_FIELD: "",
        }
        data.update(values)
        return data

    return build


@pytest.fixture
def server(settings):
    """The mail server, up; the test brings it down with server.down()."""
    settings.EMAIL_BACKEND = FLAKY_BACKEND
    MailServer.up()
    yield MailServer
    MailServer.up()


@pytest.fixture
def queue(settings):
    """The production task queue (django_tasks_db) instead of the immediate backend."""
    settings.TASKS = DATABASE_TASKS


def long_address(length):
    """A valid e-mail address of `length` characters (254 or more)."""
    domain = ("d" * 61 + ".") * 3 + "bel"  # 189 characters, labels shorter than 64
    return "a" * (length - 1 - len(domain)) + "@" + domain


def post(client, data, capture, **extra):
    """Post to the form, running what waits for the commit (the e-mail's enqueuing)."""
    with capture(execute=True):
        return client.post(URL, data, **extra)


# --- The mail server is down ---------------------------------------------------------------


def test_smtp_down_thanks_the_visitor_stores_once_and_sends_when_back(
    client, message, server, queue, monkeypatch, django_capture_on_commit_callbacks
):
    server.down()
    response = post(client, message(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert THANKS in response.content.decode()
    submission = FormSubmission.objects.get()
    # The task carries the message's id, nothing of its text.
    [task] = waiting_tasks()
    assert task.task_path == "home.tasks.send_contact_email"
    assert task.args_kwargs == {"args": [submission.pk], "kwargs": {}}

    run_queued_tasks(monkeypatch)
    assert mail.outbox == []
    [retry] = waiting_tasks()
    assert retry.args_kwargs == {"args": [submission.pk], "kwargs": {"attempt": 2}}
    assert delay_of(retry) == 60
    first = DBTaskResult.objects.get(pk=task.pk)
    # The attempt that scheduled the next one is no failure to run again by hand.
    assert first.status == "SUCCESSFUL"
    assert first.return_value["retry"]["attempt"] == 2

    run_queued_tasks(monkeypatch)  # not due yet: nothing runs
    assert waiting_tasks() == [retry]

    server.down(ConnectionRefusedError(111, "Connection refused"))
    time_passes()
    run_queued_tasks(monkeypatch)
    [third] = waiting_tasks()
    assert third.args_kwargs["kwargs"] == {"attempt": 3}
    assert delay_of(third) == 300

    server.up()
    time_passes()
    run_queued_tasks(monkeypatch)
    assert waiting_tasks() == []
    assert DBTaskResult.objects.get(pk=third.pk).status == "SUCCESSFUL"
    [sent] = mail.outbox
    assert sent.to == ["info@cainamur.be"]
    assert sent.subject == "Message envoyé depuis le site du C.A.I."
    assert "Nom: Awa Diallo" in sent.body
    assert "awa@example.org" in sent.body
    assert HONEYPOT_FIELD not in sent.body
    assert FormSubmission.objects.count() == 1


def test_attempts_back_off_and_are_bounded(
    client, message, server, queue, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    server.down()
    post(client, message(), django_capture_on_commit_callbacks)
    delays = []
    with caplog.at_level(logging.WARNING, logger="core.retry"):
        for _ in range(10):  # more rounds than attempts: the retries must stop by themselves
            run_queued_tasks(monkeypatch)
            waiting = waiting_tasks()
            if not waiting:
                break
            delays.append(delay_of(waiting[0]))
            time_passes()
    assert delays == [60, 300, 1800, 7200, 21600]
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.args_kwargs["kwargs"].get("attempt", 1) for r in results] == [1, 2, 3, 4, 5, 6]
    assert [r.status for r in results] == ["SUCCESSFUL"] * 5 + ["FAILED"]
    assert results.last().exception_class_path == "smtplib.SMTPServerDisconnected"
    assert mail.outbox == []
    assert "attempt 2 of 6 failed" in caplog.text
    assert "attempt 6 of 6 failed" in caplog.text and "giving up" in caplog.text
    assert FormSubmission.objects.count() == 1


def test_fewer_attempts_when_the_settings_say_so(
    client, message, server, queue, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_RETRY_DELAYS = [0]
    server.down(TimeoutError("timed out"))
    post(client, message(), django_capture_on_commit_callbacks)
    run_queued_tasks(monkeypatch)  # a delay of 0: both attempts run in this batch
    assert list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True)) == [
        "SUCCESSFUL",
        "FAILED",
    ]


def test_smtp_down_without_a_queue_still_thanks_the_visitor(
    client, message, server, caplog, django_capture_on_commit_callbacks
):
    """The immediate backend (development, tests, troubleshooting) cannot wait before trying
    again: the e-mail is lost and logged, but the visitor is thanked and the message kept."""
    server.down()
    with caplog.at_level(logging.ERROR, logger="core.retry"):
        response = post(client, message(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert THANKS in response.content.decode()
    assert FormSubmission.objects.count() == 1
    assert mail.outbox == []
    assert "cannot try again later" in caplog.text


def test_a_queue_that_fails_still_thanks_the_visitor(
    client, message, caplog, django_capture_on_commit_callbacks
):
    def broken_queue(submission):
        raise ConnectionError("task database unreachable")

    with hooks.register_temporarily(CONTACT_MESSAGE_STORED_HOOK, broken_queue):
        response = post(client, message(), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert THANKS in response.content.decode()
    assert FormSubmission.objects.count() == 1
    assert "task database unreachable" in caplog.text


def test_a_message_deleted_before_it_leaves_sends_nothing(
    client, message, queue, monkeypatch, django_capture_on_commit_callbacks
):
    post(client, message(), django_capture_on_commit_callbacks)
    FormSubmission.objects.all().delete()
    run_queued_tasks(monkeypatch)
    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_form_without_recipients_queues_nothing(
    client, form_page, message, queue, django_capture_on_commit_callbacks
):
    form_page.to_address = ""
    form_page.save_revision().publish()
    DBTaskResult.objects.all().delete()  # publishing queued its own tasks (search index…)
    response = post(client, message(), django_capture_on_commit_callbacks)
    assert THANKS in response.content.decode()
    assert FormSubmission.objects.count() == 1
    assert not DBTaskResult.objects.exists()


def test_dates_are_mailed_the_french_way(
    client, form_page, message, django_capture_on_commit_callbacks
):
    """The task reads the message back from its JSON: dates are written as Wagtail would."""
    FormField.objects.create(
        page=form_page, label="Date souhaitée", field_type="date", required=False
    )
    post(client, message(date_souhaitee="30/11/2026"), django_capture_on_commit_callbacks)
    assert FormSubmission.objects.get().form_data["date_souhaitee"] == "2026-11-30"
    written = date_format(date(2026, 11, 30), "SHORT_DATE_FORMAT")
    assert written != "2026-11-30"
    assert f"Date souhaitée: {written}" in mail.outbox[0].body


def test_the_task_sends_the_stored_message(client, message, django_capture_on_commit_callbacks):
    post(client, message(), django_capture_on_commit_callbacks)
    mail.outbox.clear()
    # Sent once already (the immediate backend of the tests): the mark says so, and a second
    # run sends nothing; without the mark, the task sends the stored message again.
    send_contact_email.call(FormSubmission.objects.get().pk)
    assert mail.outbox == []
    ContactEmailSent.objects.all().delete()
    send_contact_email.call(FormSubmission.objects.get().pk)
    assert "Message: Bonjour, je voudrais m'inscrire" in mail.outbox[0].body


# --- Robots ---------------------------------------------------------------------------------


def test_the_trap_is_out_of_sight(client):
    html = client.get(URL).content.decode()
    assert '<div class="form__hp" aria-hidden="true">' in html
    assert (
        f'<input type="text" name="{HONEYPOT_FIELD}" id="id_{HONEYPOT_FIELD}" tabindex="-1" '
        'autocomplete="off" value="">'
    ) in html
    assert "Ne pas remplir ce champ (facultatif)" not in html  # not one of the visible fields


def test_a_robot_is_thanked_and_nothing_is_kept(
    client, message, queue, django_capture_on_commit_callbacks
):
    response = post(
        client,
        message(**{HONEYPOT_FIELD: "http://spam.example"}),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert THANKS in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_the_trap_is_no_part_of_the_message(client, message, django_capture_on_commit_callbacks):
    post(client, message(), django_capture_on_commit_callbacks)
    assert HONEYPOT_FIELD not in FormSubmission.objects.get().form_data


# --- Floods ---------------------------------------------------------------------------------


def test_rate_limit_per_address(client, message, names, settings):
    settings.CONTACT_FORM_RATE_LIMIT = (5, 600)
    for n in range(5):
        response = client.post(URL, message(**{names["Objet"]: f"Question {n}"}))
        assert response.status_code == 200
        assert THANKS in response.content.decode()
    typed = message(**{names["Objet"]: "Sixième", names["Message"]: "Encore <moi> & vous"})
    response = client.post(URL, typed)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert (
        '<div class="notice notice--warning" role="alert">Vous avez envoyé trop de messages en '
        "peu de temps. Veuillez réessayer dans 10 minutes ou écrire à info@cainamur.be.</div>"
    ) in html
    # What was typed is kept (escaped), without an error: the limit is the only problem.
    assert 'value="Sixième"' in html
    assert "Encore &lt;moi&gt; &amp; vous</textarea>" in html
    assert "Il y a un problème" not in html
    assert THANKS not in html
    assert FormSubmission.objects.count() == 5
    other = client.post(URL, message(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_invalid_posts_do_not_use_up_the_limit(client, message, names, settings):
    settings.CONTACT_FORM_RATE_LIMIT = (2, 600)
    for _ in range(8):
        response = client.post(URL, message(**{names["Adresse e-mail"]: "pas-une-adresse"}))
        assert response.status_code == 200
        assert "Retry-After" not in response
        assert "Il y a un problème" in response.content.decode()
    assert client.post(URL, message()).status_code == 200
    assert FormSubmission.objects.count() == 1


def test_robots_count_toward_the_limit(client, message, names, settings):
    settings.CONTACT_FORM_RATE_LIMIT = (3, 600)
    assert client.post(URL, message()).status_code == 200
    for _ in range(2):
        assert client.post(URL, message(**{HONEYPOT_FIELD: "x"})).status_code == 200
    refused = client.post(URL, message())
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # Over the limit, even a form with errors is refused, and refusals count nothing.
    assert client.post(URL, message(**{names["Nom"]: ""})).status_code == 429
    assert FormSubmission.objects.count() == 1


def test_retry_after_counts_down(client, message, settings, monkeypatch):
    from core import ratelimit

    now = [1_700_000_000.0]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    settings.CONTACT_FORM_RATE_LIMIT = (1, 600)
    assert client.post(URL, message()).status_code == 200
    now[0] += 540.5
    response = client.post(URL, message())
    assert (response.status_code, response["Retry-After"]) == (429, "60")
    assert "Veuillez réessayer dans 1 minute ou écrire" in response.content.decode()
    now[0] += 60
    assert client.post(URL, message()).status_code == 200


# --- Lengths --------------------------------------------------------------------------------


def test_a_huge_message_comes_back_with_an_error(client, message, names, queue):
    response = client.post(URL, message(**{names["Message"]: "x" * 100_000}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il y a un problème" in html
    assert (
        '<p class="form__error" id="id_message_error">Ce texte est trop long : 5\u202f000 '
        "caractères au plus (actuellement 100000).</p>"
    ) in html
    assert not FormSubmission.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_longest_answers_allowed_are_kept(client, message, names):
    data = message(
        **{
            names["Nom"]: "N" * 255,
            names["Objet"]: "O" * 255,
            names["Message"]: "M" * 5000,
            names["Adresse e-mail"]: long_address(254),
        }
    )
    assert len(data[names["Adresse e-mail"]]) == 254
    response = client.post(URL, data)
    assert THANKS in response.content.decode()
    assert FormSubmission.objects.count() == 1


@pytest.mark.parametrize(
    ("label", "value", "error"),
    [
        ("Nom", "N" * 256, "Ce texte est trop long : 255 caractères au plus (actuellement 256)."),
        (
            "Adresse e-mail",
            long_address(255),
            "Cette adresse est trop longue : 254 caractères au plus (actuellement 255).",
        ),
    ],
)
def test_too_long_answers_get_a_french_error(client, message, names, label, value, error):
    response = client.post(URL, message(**{names[label]: value}))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not FormSubmission.objects.exists()


def form_fields(*field_types):
    """Form fields of the given kinds, unsaved, as the editors define them."""
    return [
        FormField(label=f"Champ {field_type}", field_type=field_type, required=False)
        for field_type in field_types
    ]


def test_every_field_that_takes_text_is_limited():
    fields = ContactFormBuilder(form_fields(*(kind for kind, _ in FORM_FIELD_CHOICES))).formfields
    limits = {
        name.removeprefix("champ_"): getattr(field, "max_length", None)
        for name, field in fields.items()
    }
    assert limits == {
        "singleline": 255,
        "multiline": 5000,
        "email": 254,
        "number": None,
        "url": 2000,
        "checkbox": None,
        "checkboxes": None,
        "dropdown": None,
        "multiselect": None,
        "radio": None,
        "date": None,
        "datetime": None,
        "hidden": 255,
    }
    number = fields["champ_number"]
    assert (number.max_digits, number.decimal_places) == (15, 5)


NUMBER_ERROR = "Saisissez un nombre d'au plus 10 chiffres avant la virgule et 5 après."


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1" + "0" * 100_000, False),
        ("-12345678901", False),
        ("1.123456", False),
        ("12345678901.123456", False),
        ("-9999999999.99999", True),
        ("42", True),
    ],
    ids=["huge", "too-many-whole-digits", "too-precise", "both", "largest", "plain"],
)
def test_numbers_are_bounded(value, valid):
    form_class = ContactFormBuilder(form_fields("number")).get_form_class()
    form = form_class({"champ_number": value})
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["champ_number"] == [NUMBER_ERROR]


def test_url_is_limited_with_a_french_error():
    form_class = ContactFormBuilder(form_fields("url")).get_form_class()
    form = form_class({"champ_url": "https://example.org/" + "a" * 2000})
    assert not form.is_valid()
    assert form.errors["champ_url"] == [
        "Cette adresse web est trop longue : 2\u202f000 caractères au plus (actuellement 2020)."
    ]


def test_the_trap_can_never_replace_a_real_question():
    """Wagtail names a « Site web » question "site_web"; the trap has a name no label gives."""
    fields = [FormField(label="Site-web", field_type="singleline")]
    form = ContactFormBuilder(fields).get_form_class()()
    assert list(form.fields) == ["site_web", HONEYPOT_FIELD]


def test_control_characters_are_refused_in_french_and_nothing_is_stored(client, message, names):
    response = client.post(
        URL, message(**{names["Nom"]: "\x01\x1b\x7f", names["Objet"]: "A\r\nBcc: x@example.org"})
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Ce champ tient sur une seule ligne" in html
    assert THANKS not in html
    assert not FormSubmission.objects.exists()


# --- A worker dies in the middle of a task -------------------------------------------------


def die_mid_task(result, minutes_ago=30):
    """What `kill -9` of the worker leaves: the task claimed, "running" for ever."""
    result.claim("dead-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_a_task_left_by_a_dead_worker_runs_again_without_a_second_email(
    client, message, server, queue, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.TASK_STALE_MINUTES = 15
    post(client, message(), django_capture_on_commit_callbacks)
    [task] = waiting_tasks()
    die_mid_task(task)
    call_command("requeue_stale_tasks", stdout=io.StringIO())
    assert waiting_tasks() == [task]
    run_queued_tasks(monkeypatch)
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL"

    # Killed after it sent but before it recorded its end: run again, it sends nothing more.
    die_mid_task(DBTaskResult.objects.get(pk=task.pk))
    call_command("requeue_stale_tasks", stdout=io.StringIO())
    run_queued_tasks(monkeypatch)
    assert len(mail.outbox) == 1


def test_a_task_running_for_a_short_while_is_left_alone(
    client, message, queue, django_capture_on_commit_callbacks, settings
):
    settings.TASK_STALE_MINUTES = 15
    post(client, message(), django_capture_on_commit_callbacks)
    [task] = waiting_tasks()
    die_mid_task(task, minutes_ago=5)
    call_command("requeue_stale_tasks", stdout=io.StringIO())
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"


def test_a_task_whose_workers_keep_dying_fails_shows_and_is_mailed(
    client, message, queue, django_capture_on_commit_callbacks, settings, django_user_model
):
    settings.TASK_MAX_CLAIMS = 3
    settings.ADMINS = [("Support", "support@example.org")]
    post(client, message(), django_capture_on_commit_callbacks)
    [task] = waiting_tasks()
    for _ in range(3):
        die_mid_task(DBTaskResult.objects.get(pk=task.pk))
        call_command("requeue_stale_tasks", stdout=io.StringIO())
    assert DBTaskResult.objects.get(pk=task.pk).status == "FAILED"
    assert [m.to for m in mail.outbox] == [["support@example.org"]]
    publisher = django_user_model.objects.create_user("pub", "pub@example.org", "x")
    publisher.groups.add(Group.objects.get(name="Publication"))
    client.force_login(publisher)
    html = unescape(client.get("/admin/").content.decode())
    assert "E-mails non envoyés" in html
    assert "Message du formulaire de contact" in html


def test_the_failed_emails_panel_is_absent_when_all_left(client, django_user_model):
    publisher = django_user_model.objects.create_user("pub", "pub@example.org", "x")
    publisher.groups.add(Group.objects.get(name="Publication"))
    client.force_login(publisher)
    assert "E-mails non envoyés" not in client.get("/admin/").content.decode()
