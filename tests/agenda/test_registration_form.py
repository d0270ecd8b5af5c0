"""The public side of registrations (agenda/views.py): a session's form through the guarded
form, the answer (confirmed, waiting in position n, already registered), and a registration's
own page reached by its link: status, needs, cancel in two clicks, accept an offered place."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from agenda.follow import link_token
from agenda.models import Registration, RegistrationStatus
from agenda.registrations import cancel, register
from tests.agenda.test_registrations import in_days, make_event, person

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING


@pytest.fixture
def session(home_page):
    return make_event(home_page, in_days(30), capacity=2)


def form_url(session):
    return session.event.registration_url(session)


def follow_url(registration):
    registration.refresh_from_db()
    agenda = registration.session.event.get_parent().specific
    return agenda.url + agenda.reverse_subpage("registration", args=[link_token(registration)])


def answers(n=1, **extra):
    return {
        "name": f"Personne {n}",
        "email": f"Personne{n}@Example.org",
        "phone": "",
        "organisation": "Maison médicale",
        "interpreter_language": "",
        "other_needs": "",
        "consent": "on",
        **extra,
    }


def post(client, session, data, **kwargs):
    with_commit = kwargs.pop("capture")
    with with_commit(execute=True):
        return client.post(form_url(session), data, **kwargs)


def test_the_event_page_offers_each_session_s_form(client, session):
    html = client.get(session.event.url).content.decode()
    assert f'href="{form_url(session)}"' in html
    assert "S’inscrire" in html and "2 places restantes" in html


def test_the_form_says_the_places_left_and_asks_for_consent(client, session):
    response = client.get(form_url(session))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 places restantes" in html
    assert 'name="consent"' in html and "Vos besoins pour participer" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_registering_confirms_records_the_needs_and_e_mails_the_link(
    client, session, django_capture_on_commit_callbacks
):
    response = post(
        client,
        session,
        answers(interpreter_language="arabe", childcare="on", step_free="on"),
        capture=django_capture_on_commit_callbacks,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre inscription est confirmée" in html
    registration = Registration.objects.get()
    assert registration.status == CONFIRMED
    assert registration.email == "personne1@example.org"
    assert registration.consent_at is not None
    assert (registration.interpreter_language, registration.childcare) == ("arabe", True)
    assert registration.step_free is True
    # The link travels by e-mail only: never in the page's address or content.
    assert link_token(registration) not in html
    assert [m.to for m in mail.outbox] == [["personne1@example.org"]]
    assert link_token(registration) in mail.outbox[0].body


def test_a_full_session_takes_the_next_people_on_the_waiting_list(
    client, session, django_capture_on_commit_callbacks
):
    for n in range(2):
        register(session, consent=True, **person(n))
    html = client.get(form_url(session)).content.decode()
    assert "Complet — liste d’attente (position 1)" in html
    assert "M’inscrire sur la liste d’attente" in html
    response = post(client, session, answers(7), capture=django_capture_on_commit_callbacks)
    assert "en position 1 sur la liste d’attente" in response.content.decode()
    assert Registration.objects.get(email="personne7@example.org").status == WAITING
    html = client.get(session.event.url).content.decode()
    assert "Complet — liste d’attente (1 personne)" in html


def test_the_same_address_twice_gets_its_link_again_not_a_second_place(
    client, session, django_capture_on_commit_callbacks
):
    post(client, session, answers(), capture=django_capture_on_commit_callbacks)
    response = post(
        client,
        session,
        answers(email="personne1@example.org"),
        capture=django_capture_on_commit_callbacks,
    )
    assert "Vous étiez déjà inscrit·e" in response.content.decode()
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Inscription confirmée")


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"consent": ""}, "Votre accord est nécessaire pour vous inscrire."),
        ({"name": ""}, "Indiquez votre nom."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide"),
        ({"name": "x" * 151}, "150 caractères au plus"),
        ({"name": "Nom\r\nBcc: x@example.org"}, "une seule ligne"),
        ({"other_needs": "y" * 1001}, "1 000 caractères au plus"),
        ({"phone": "appelez-moi"}, "numéro de téléphone valide"),
    ],
)
def test_bad_answers_come_back_in_french_and_store_nothing(client, session, changes, error):
    response = client.post(form_url(session), answers(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Il y a un problème" in html and error in html
    assert not Registration.objects.exists()


def test_a_robot_reads_the_thanks_and_registers_nobody(client, session):
    response = client.post(form_url(session), answers(site_web="http://spam.example"))
    assert response.status_code == 200
    assert not Registration.objects.exists()


@override_settings(AGENDA_REGISTRATION_RATE_LIMIT=(1, 3600))
def test_too_many_sendings_are_refused_with_what_was_typed(
    client, session, django_capture_on_commit_callbacks
):
    post(client, session, answers(1), capture=django_capture_on_commit_callbacks)
    response = client.post(form_url(session), answers(2))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "trop de demandes" in html and 'value="Personne 2"' in html
    assert Registration.objects.count() == 1


def test_a_session_of_another_event_or_unknown_is_not_found(client, session, home_page):
    other = make_event(home_page, in_days(40), title="Séance d'information")
    assert client.get(session.event.registration_url(other)).status_code == 404
    assert client.get(session.event.url + "inscription/999999/").status_code == 404


def test_a_cancelled_or_begun_session_says_so_in_french(client, session, home_page):
    session.cancelled = True
    session.save()
    response = client.post(form_url(session), answers())
    assert response.status_code == 410
    assert "Cette session est annulée" in response.content.decode()
    past = make_event(home_page, timezone.localtime() - timedelta(hours=1), title="Passée")
    response = client.get(form_url(past))
    assert response.status_code == 410
    assert "ne prend plus d’inscription" in response.content.decode()
    assert not Registration.objects.exists()


# A registration's own page.


def test_the_link_shows_the_registration_privately(client, session):
    registration = register(session, consent=True, **person(1))
    response = client.get(follow_url(registration))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre inscription est <strong>confirmée</strong>" in html
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_an_unknown_or_expired_link_is_a_french_404(client, session):
    response = client.get(session.event.get_parent().url + "mon-inscription/nimporte-quoi/")
    assert response.status_code == 404
    assert "n’est pas ou plus valable" in response.content.decode()
    registration = register(session, consent=True, **person(1))
    url = follow_url(registration)
    Registration.objects.update(token_expires=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404


def test_cancelling_takes_two_clicks_and_gives_the_place_to_the_next_person(
    client, session, django_capture_on_commit_callbacks
):
    people = [register(session, consent=True, **person(n)) for n in range(3)]
    url = follow_url(people[0])
    html = client.get(url).content.decode()
    assert f'href="{url}?etape=annuler#inscription-annuler"' in html
    assert 'value="annuler"' not in html
    html = client.get(url + "?etape=annuler").content.decode()
    assert "Confirmez-vous l’annulation ?" in html and 'value="annuler"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "annuler"})
    assert response.status_code == 302 and response["Location"] == url
    assert Registration.objects.get(pk=people[0].pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(pk=people[2].pk).status == CONFIRMED
    html = client.get(url).content.decode()
    assert "Votre inscription est <strong>annulée</strong>" in html
    assert 'name="action"' not in html
    # Cancelled already: a second sending changes nothing and says so.
    assert client.post(url, {"action": "annuler"}).status_code == 409


def test_the_needs_change_from_the_link(client, session):
    registration = register(session, consent=True, **person(1))
    url = follow_url(registration)
    response = client.post(
        url, {"action": "besoins", "interpreter_language": "tigrinya", "childcare": "on"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.interpreter_language, registration.childcare) == ("tigrinya", True)
    assert "Vos besoins sont enregistrés." in client.get(response["Location"]).content.decode()
    response = client.post(url, {"action": "besoins", "other_needs": "z" * 1001})
    assert response.status_code == 200
    assert "1 000 caractères au plus" in response.content.decode()
    registration.refresh_from_db()
    assert registration.other_needs == ""


def test_an_offered_place_is_taken_from_the_link(client, home_page):
    session = make_event(home_page, in_days(1), capacity=1)
    first = register(session, consent=True, **person(1))
    waiting = register(session, consent=True, **person(2))

    cancel(first)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    url = follow_url(waiting)
    assert "Accepter la place" in client.get(url).content.decode()
    assert client.post(url, {"action": "accepter"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == CONFIRMED


@pytest.mark.parametrize("action", ["", "supprimer", "accepter"])
def test_an_unknown_or_impossible_action_is_refused(client, session, action):
    registration = register(session, consent=True, **person(1))
    response = client.post(follow_url(registration), {"action": action})
    assert response.status_code == 409
    assert Registration.objects.get().status == CONFIRMED
