"""« Demander l'expertise du réseau » (network/views.py): the request's form through the guarded
form, its French errors, and the answer that points to the follow-up page."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from network.models import Commune, ExpertiseRequest, Urgency
from tests.conftest import page_at
from tests.network.test_findings_page import html_of, main_of

pytestmark = pytest.mark.django_db

PAGE = "/ppli/demande-d-expertise/"


def answers(**extra):
    """A valid sending of the form."""
    return {
        "name": "Awa Diallo",
        "organisation": "CPAS de Namur",
        "email": "Awa@Example.org",
        "phone": "",
        "context": "Des familles arrivent sans solution d'hébergement.",
        "question": "Quels relais existent dans la province ?",
        "thematic": str(page_at("/thematiques/logement/").pk),
        "commune": str(Commune.objects.get(name="Namur").pk),
        "urgency": "mois",
        "concerned": "Familles primo-arrivantes",
        "consent": "on",
        **extra,
    }


def test_the_page_shows_its_text_and_the_form(client):
    response = client.get(PAGE)
    html = main_of(response)
    assert response.status_code == 200
    assert html.count("<h1") == 1 and "Demander l'expertise du réseau</h1>" in html
    assert "dispositif de mobilisation d'expertise" in html  # the page's own text
    for label in (
        "Nom et prénom",
        "Organisation",
        "Adresse e-mail",
        "Téléphone",
        "Le contexte",
        "Votre question au réseau",
        "Thématique",
        "Commune",
        "Qui est concerné ?",
    ):
        assert re.search(rf'<label for="id_[a-z_]+">{re.escape(label)}', html), label
    assert "<legend>Urgence" in html
    for value in Urgency.values:
        assert f'name="urgency" value="{value}"' in html
    assert re.search(r'name="urgency" value="normale"[^>]*checked', html)
    assert 'autocomplete="name"' in html and 'autocomplete="email"' in html
    assert 'autocomplete="organization"' in html and 'autocomplete="tel"' in html
    assert ">Logement</option>" in html and ">Namur</option>" in html
    assert 'name="consent"' in html and "Comment nous protégeons vos données" in html
    assert "no-store" in response["Cache-Control"]


def test_a_draft_thematic_is_not_offered(client):
    page_at("/thematiques/volontariat/").unpublish()
    assert ">Volontariat</option>" not in html_of(client.get(PAGE))


def test_sending_stores_the_request_and_points_to_the_follow_up_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, answers())
    html = main_of(response)
    assert response.status_code == 200
    assert "Votre demande d'expertise est bien reçue" in html
    assert '<a href="/ppli/mes-demandes/">Suivre mes envois</a>' in html
    request = ExpertiseRequest.objects.get()
    assert request.email == "awa@example.org"
    assert request.thematic.slug == "logement" and request.commune.name == "Namur"
    assert request.urgency == Urgency.MONTH and request.status == "recue"
    assert request.consent_at is not None
    assert ["awa@example.org"] in [message.to for message in mail.outbox]


def test_thematic_and_commune_are_optional(client):
    client.post(PAGE, answers(thematic="", commune="", organisation="", concerned=""))
    request = ExpertiseRequest.objects.get()
    assert request.thematic is None and request.commune is None


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"consent": ""}, "Votre accord est nécessaire pour envoyer votre demande."),
        ({"name": ""}, "Indiquez votre nom."),
        ({"email": "awa@"}, "Saisissez une adresse e-mail valide"),
        ({"context": ""}, "Décrivez le contexte de la demande."),
        ({"question": ""}, "Formulez votre question."),
        ({"question": "q" * 3001}, "3 000 caractères au plus"),
        ({"thematic": "999999"}, "Cette thématique n'existe pas ou plus."),
        ({"thematic": "99999999999999999999999"}, "Cette thématique n'existe pas ou plus."),
        ({"commune": "abc"}, "Cette commune n'existe pas."),
        ({"commune": "99999999999999999999999"}, "Cette commune n'existe pas."),
        ({"urgency": "hier"}, "Choisissez l'une des urgences proposées."),
        ({"urgency": ""}, "Indiquez l'urgence de la demande."),
        ({"name": "A\x00B"}, "Il y a un problème"),
        ({"context": "texte \x1b invisible"}, "caractère invisible"),
    ],
)
def test_bad_answers_come_back_in_french_and_store_nothing(client, changes, error):
    response = client.post(PAGE, answers(**changes))
    html = html_of(response)
    assert response.status_code == 200
    assert "Il y a un problème" in html and error in html
    assert "<title>Erreur : " in html
    assert 'value="Awa Diallo"' in html or changes.get("name") is not None
    assert not ExpertiseRequest.objects.exists()


def test_a_draft_thematic_is_refused(client):
    volontariat = page_at("/thematiques/volontariat/")
    volontariat.unpublish()
    response = client.post(PAGE, answers(thematic=str(volontariat.pk)))
    assert "Cette thématique n'existe pas ou plus." in html_of(response)
    assert not ExpertiseRequest.objects.exists()


def test_a_robot_reads_the_thanks_and_sends_nothing(client):
    response = client.post(PAGE, answers(site_web="http://spam.example"))
    assert response.status_code == 200
    assert "Votre demande d'expertise est bien reçue" in html_of(response)
    assert not ExpertiseRequest.objects.exists()


@override_settings(NETWORK_FORM_RATE_LIMIT=(1, 3600))
def test_too_many_sendings_are_refused_with_what_was_typed(client):
    client.post(PAGE, answers())
    response = client.post(PAGE, answers(name="Deuxième personne"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = html_of(response)
    assert "trop de demandes" in html and 'value="Deuxième personne"' in html
    assert ExpertiseRequest.objects.count() == 1


@override_settings(NETWORK_FORM_RATE_LIMIT=(1, 3600))
def test_each_form_counts_its_sendings_on_its_own(client):
    client.post(PAGE, answers())
    assert client.get("/ppli/constats-de-terrain/remonter/").status_code == 200
    response = client.post("/ppli/mes-demandes/", {"email": "awa@example.org"})
    assert response.status_code == 200
