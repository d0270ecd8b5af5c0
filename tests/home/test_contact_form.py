"""The contact form stores submissions and e-mails staff; bad input gets French errors."""

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

pytestmark = pytest.mark.django_db

URL = "/contact/general/"


def field_names(client):
    form = client.get(URL).context["form"]
    return {field.label: name for name, field in form.fields.items()}


def test_valid_message_is_stored_and_mailed(client, django_capture_on_commit_callbacks):
    names = field_names(client)
    # The e-mail leaves from the task queue once the message is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {
                names["Nom"]: "Awa Diallo",
                names["Adresse e-mail"]: "awa@example.org",
                names["Objet"]: "Inscription",
                names["Message"]: "Bonjour, <script>alert(1)</script>",
            },
        )
    assert response.status_code == 200
    assert "Merci, votre message a bien été envoyé" in response.content.decode()
    submission = FormSubmission.objects.get()
    assert submission.get_data()[names["Nom"]] == "Awa Diallo"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["info@cainamur.be"]
    assert "awa@example.org" in mail.outbox[0].body


def test_invalid_message_keeps_input_and_stores_nothing(client):
    names = field_names(client)
    response = client.post(
        URL,
        {names["Nom"]: "Awa <b>Diallo</b>", names["Adresse e-mail"]: "pas-une-adresse"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The GOV.UK error summary opens the form: a focusable box, a link to each invalid field,
    # focused on load by a static script (the CSP allows no inline one); the title says it.
    assert "<title>Erreur&nbsp;: " in html
    assert "/static/js/error-summary.js" in html
    form = html.split('<form class="form"')[1].split(">", 1)[1].lstrip()
    assert form.startswith('<div class="error-summary" role="alert"')
    summary = form.split("</div>")[0]
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "Il y a un problème" in summary
    email_link = (
        f'<a href="#id_{names["Adresse e-mail"]}">Adresse e-mail\u00a0: Saisissez une adresse'
    )
    assert email_link in summary
    assert f'href="#id_{names["Message"]}"' in summary
    assert '<p class="form__error" id="id_message_error">Champ requis.</p>' in html
    assert 'aria-describedby="id_message_error"' in html
    assert 'value="Awa &lt;b&gt;Diallo&lt;/b&gt;"' in html  # kept, and escaped
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []
