"""« Réactualiser nos constats » (network/views.py): the page's text alone before a consultation
is dated, its dates before it opens, its form while open (an answer counts once its address
is confirmed by link), then its results, their chart and their CSV; the confirmation link's
French pages."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from network import channels
from network.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationPage,
    ConsultationSubmission,
)
from tests.network.test_findings_page import html_of, main_of

pytestmark = pytest.mark.django_db

PAGE = "/ppli/reactualisation/"
CSV = PAGE + "resultats.csv"


def days(n):
    """The date `n` days from today (Brussels)."""
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def consultation():
    """The initial consultation (thirteen items, no dates)."""
    return Consultation.objects.get()


@pytest.fixture
def open_consultation(consultation):
    """The initial consultation, open since two days and for ten more."""
    consultation.opens_on, consultation.closes_on = days(-2), days(10)
    consultation.save()
    return consultation


def items_of(consultation):
    """The consultation's items, in their order."""
    return list(consultation.items.order_by("position", "pk"))


def answered(consultation, email, verdicts, comment=""):
    """A confirmed sending of `email`: `verdicts` for the first items, in order."""
    items = items_of(consultation)
    submission = channels.submit_answers(
        consultation,
        email,
        [(item, verdict, comment) for item, verdict in zip(items, verdicts, strict=False)],
    )
    assert channels.confirm(channels.confirmation_token(submission))[0] == "confirmed"
    return submission


def close(consultation):
    """Close the consultation yesterday."""
    consultation.opens_on, consultation.closes_on = days(-30), days(-1)
    consultation.save()


def confirm_url(submission):
    """The path of a sending's confirmation link."""
    page = ConsultationPage.objects.get()
    return page.url + page.reverse_subpage(
        "confirm", args=[channels.confirmation_token(submission)]
    )


def form_data(consultation, **extra):
    """A sending of the form answering the first two items."""
    first, second = items_of(consultation)[:2]
    return {
        f"verdict_{first.pk}": "actuel",
        f"comment_{first.pk}": "Toujours vrai à Namur.",
        f"verdict_{second.pk}": "depasse",
        "email": "Awa@Example.org",
        "consent": "on",
        **extra,
    }


def test_without_dates_the_page_shows_its_text_only(client, consultation):
    response = client.get(PAGE)
    html = main_of(response)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Réactualiser nos constats" in html
    assert "<form" not in html[html.index("</header>") :]
    assert "aucun" not in html.lower() and "inconnu" not in html.lower()
    assert consultation.title not in html
    assert "répondu" not in html and "Résultats" not in html
    assert client.get(CSV).status_code == 404


def test_before_it_opens_the_page_gives_its_dates(client, consultation):
    consultation.opens_on, consultation.closes_on = days(5), days(20)
    consultation.save()
    html = main_of(client.get(PAGE))
    assert "La consultation sera ouverte du" in html
    assert 'name="email"' not in html
    assert client.post(PAGE, form_data(consultation)).status_code == 410
    assert not ConsultationSubmission.objects.exists()


def test_while_open_each_item_is_a_group_of_three_choices(client, open_consultation):
    response = client.get(PAGE)
    html = main_of(response)
    items = items_of(open_consultation)
    assert len(items) == 13
    assert html.count('<fieldset class="form__field consultation-item') == 13
    first = items[0]
    assert f"Enjeu essentiel n° {first.number}" in html
    for value, label in (
        ("actuel", "Toujours d'actualité"),
        ("nuancer", "À nuancer"),
        ("depasse", "Dépassé"),
    ):
        assert f'type="radio" name="verdict_{first.pk}" value="{value}"' in html
        assert f">{label}</label>" in html
    assert f'name="comment_{first.pk}"' in html
    assert 'autocomplete="email"' in html and 'name="consent"' in html
    assert "Comment nous protégeons vos données" in html
    assert "répondu" not in html  # nobody yet: no count
    assert "no-store" in response["Cache-Control"]
    assert client.get(CSV).status_code == 404  # no results while open


def test_the_count_says_how_many_confirmed_addresses_answered(client, open_consultation):
    answered(open_consultation, "a@example.org", ["actuel"])
    html = main_of(client.get(PAGE))
    assert "1 personne a répondu." in html
    answered(open_consultation, "b@example.org", ["nuancer", "actuel"])
    answered(open_consultation, "a@example.org", ["depasse"])  # the same address again
    channels.submit_answers(
        open_consultation, "c@example.org", [(items_of(open_consultation)[0], "actuel", "")]
    )
    html = main_of(client.get(PAGE))
    assert "2 personnes ont répondu." in html  # the unconfirmed sending does not count


def test_sending_stores_the_answers_until_the_link_confirms_them(
    client, open_consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, form_data(open_consultation))
    html = main_of(response)
    assert response.status_code == 200
    assert "Confirmez vos réponses" in html and "lien de confirmation" in html
    submission = ConsultationSubmission.objects.get()
    assert submission.participant.email == "awa@example.org"
    assert [answer["verdict"] for answer in submission.answers] == ["actuel", "depasse"]
    assert submission.answers[0]["comment"] == "Toujours vrai à Namur."
    assert not ConsultationAnswer.objects.exists()
    assert mail.outbox[-1].to == ["awa@example.org"]
    assert confirm_url(submission) in mail.outbox[-1].body
    assert channels.confirmation_token(submission) not in response.content.decode()

    response = client.get(confirm_url(submission))
    assert response.status_code == 200
    assert "Vos réponses sont confirmées" in html_of(response)
    assert "no-store" in response["Cache-Control"]
    assert ConsultationAnswer.objects.count() == 2
    again = client.get(confirm_url(submission))
    assert again.status_code == 200 and "déjà confirmée" in html_of(again)
    assert ConsultationAnswer.objects.count() == 2


def test_a_link_opened_after_the_closing_counts_nothing(client, open_consultation):
    submission = channels.submit_answers(
        open_consultation, "a@example.org", [(items_of(open_consultation)[0], "actuel", "")]
    )
    close(open_consultation)
    response = client.get(confirm_url(submission))
    assert response.status_code == 410
    assert "La consultation est clôturée" in html_of(response)
    assert not ConsultationAnswer.objects.exists()


@pytest.mark.parametrize("token", ["nimporte-quoi", "0" * 64, "x" * 500])
def test_an_unknown_or_expired_link_is_a_french_404_that_reveals_nothing(
    client, open_consultation, token
):
    page = ConsultationPage.objects.get()
    response = client.get(page.url + f"confirmer/{token}/")
    html = main_of(response)
    assert response.status_code == 404
    assert "Ce lien de confirmation n'est pas ou plus valable" in html
    assert "@" not in html


def test_an_expired_link_is_unknown(client, open_consultation):
    submission = channels.submit_answers(
        open_consultation, "a@example.org", [(items_of(open_consultation)[0], "actuel", "")]
    )
    ConsultationSubmission.objects.update(token_expires=timezone.now() - timedelta(minutes=1))
    response = client.get(confirm_url(submission))
    assert response.status_code == 404
    assert "a@example.org" not in response.content.decode()


@pytest.mark.parametrize(
    "changes, error",
    [
        ("no_verdict", "Donnez votre avis sur au moins un constat."),
        ("comment_alone", "Choisissez un avis pour ce constat, ou effacez votre commentaire."),
        ("bad_verdict", "Choisissez « Toujours d'actualité », « À nuancer » ou « Dépassé »."),
        ("long_comment", "1 500 caractères au plus"),
        ({"email": ""}, "Indiquez votre adresse e-mail."),
        ({"consent": ""}, "Votre accord est nécessaire pour envoyer vos réponses."),
    ],
)
def test_bad_answers_come_back_in_french_and_store_nothing(
    client, open_consultation, changes, error
):
    first, second = items_of(open_consultation)[:2]
    data = form_data(open_consultation)
    if changes == "no_verdict":
        del data[f"verdict_{first.pk}"], data[f"verdict_{second.pk}"]
        data[f"comment_{first.pk}"] = ""
    elif changes == "comment_alone":
        del data[f"verdict_{first.pk}"]
    elif changes == "bad_verdict":
        data[f"verdict_{first.pk}"] = "peut-etre"
    elif changes == "long_comment":
        data[f"comment_{first.pk}"] = "x" * 1501
    else:
        data.update(changes)
    response = client.post(PAGE, data)
    html = html_of(response)
    assert response.status_code == 200
    assert "Il y a un problème" in html and error in html
    assert "error-summary.js" in html
    # What was typed comes back.
    if changes != "bad_verdict" and f"verdict_{second.pk}" in data:
        assert re.search(rf'name="verdict_{second.pk}" value="depasse"[^>]*checked', html)
    assert not ConsultationSubmission.objects.exists()


@override_settings(NETWORK_FORM_RATE_LIMIT=(1, 3600))
def test_too_many_sendings_are_refused(client, open_consultation):
    client.post(PAGE, form_data(open_consultation))
    response = client.post(PAGE, form_data(open_consultation, email="b@example.org"))
    assert response.status_code == 429
    assert "trop de demandes" in html_of(response)
    assert ConsultationSubmission.objects.count() == 1


def test_a_robot_reads_the_same_answer_and_nothing_is_kept(client, open_consultation):
    response = client.post(PAGE, form_data(open_consultation, site_web="http://spam.example"))
    assert response.status_code == 200
    assert "Confirmez vos réponses" in html_of(response)
    assert not ConsultationSubmission.objects.exists()


# Once closed: the results.


def test_once_closed_the_results_show_per_item_with_published_comments_only(
    client, open_consultation
):
    answered(open_consultation, "a@example.org", ["actuel", "nuancer"], comment="Publiable")
    answered(open_consultation, "b@example.org", ["actuel"], comment="Refusé par l'équipe")
    answered(open_consultation, "c@example.org", ["depasse"], comment="En attente")
    ConsultationAnswer.objects.filter(comment="Publiable").update(comment_status="publie")
    ConsultationAnswer.objects.filter(comment="Refusé par l'équipe").update(comment_status="refuse")
    close(open_consultation)
    response = client.get(PAGE)
    html = main_of(response)
    assert response.status_code == 200
    assert 'name="email"' not in html
    assert "3 personnes ont répondu." in html
    first = items_of(open_consultation)[0]
    result = html[html.index(f'id="resultat-{first.pk}"') :]
    result = result[: result.index("</section>")]
    assert re.search(r'<th scope="row">Toujours d\'actualité</th><td>2</td><td>67 %</td>', result)
    assert re.search(r'<th scope="row">Dépassé</th><td>1</td><td>33 %</td>', result)
    assert re.search(r'<th scope="row">À nuancer</th><td>0</td>', result)
    assert result.count("<svg") == 3 and 'aria-hidden="true"' in result
    assert "Publiable" in html
    assert "Refusé par l'équipe" not in html and "En attente" not in html
    assert f'href="{CSV}"' in html


def test_the_results_csv_neutralises_formulas(client, open_consultation):
    first = items_of(open_consultation)[0]
    first.text = '=HYPERLINK("http://evil.example","x")'
    first.save()
    answered(open_consultation, "a@example.org", ["actuel", "nuancer"])
    assert client.get(CSV).status_code == 404
    close(open_consultation)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 13
    assert rows[0]["Constat"].startswith("'=HYPERLINK")
    assert (rows[0]["Toujours d'actualité"], rows[0]["Réponses"]) == ("1", "1")
    assert (rows[1]["À nuancer"], rows[1]["Dépassé"]) == ("1", "0")


def test_the_csv_of_another_page_or_a_draft_is_not_found(client, open_consultation):
    close(open_consultation)
    assert client.get("/ppli/resultats.csv").status_code == 404
    assert client.get("/ppli/constats-de-terrain/resultats.csv").status_code == 404
    ConsultationPage.objects.get().unpublish()
    assert client.get(CSV).status_code == 404
