"""Partners sign up to working groups: storage, e-mails, duplicates, protection."""

import pytest
from django.core import mail
from django.core.cache import cache

from ppli.models import SignupStatus, WorkingGroupPage, WorkingGroupSignup
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

INDEX = "/ppli/groupes-de-travail/"
CONFIRMATION = INDEX + "confirmation/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def groups():
    return {g.slug: g for g in WorkingGroupPage.objects.all()}


def valid_data(group_pages, **overrides):
    data = {
        "groups": [
            group_pages["gt-logement"].pk,
            group_pages["comite-accompagnement-pratique"].pk,
        ],
        "organisation_name": "Maison médicale du Centre",
        "organisation_kind": "associatif",
        "contact_name": "Awa Diallo",
        "role": "Coordinatrice",
        "email": "Awa.Diallo@Example.org",
        "phone": "+32 81 00 00 00",
        "commune": "Namur",
        "message": "Nous souhaitons participer.",
        "consent": "on",
        "site_web": "",
    }
    data.update(overrides)
    return data


def post(client, data, url=INDEX, capture=None):
    if capture is None:
        return client.post(url, data)
    with capture(execute=True):
        return client.post(url, data)


def test_valid_request_stores_one_row_per_group_and_sends_both_emails(
    client, groups, django_capture_on_commit_callbacks
):
    response = post(client, valid_data(groups), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == CONFIRMATION
    rows = WorkingGroupSignup.objects.order_by("group_title")
    assert [row.group.slug for row in rows] == ["comite-accompagnement-pratique", "gt-logement"]
    assert len({row.submission for row in rows}) == 1
    row = rows[0]
    assert row.status == SignupStatus.PENDING
    assert row.email == "awa.diallo@example.org"
    assert row.consent_at is not None and row.decided_at is None

    confirmation = client.get(CONFIRMATION).content.decode()
    assert "Merci, votre demande est bien envoyée" in confirmation
    assert "GT 3°" in confirmation

    to_partner = [m for m in mail.outbox if m.to == ["awa.diallo@example.org"]]
    assert len(to_partner) == 1
    assert "Bonjour Awa Diallo" in to_partner[0].body
    assert to_partner[0].alternatives[0][1] == "text/html"
    coordinators = [m for m in mail.outbox if m not in to_partner]
    assert coordinators and all("Maison médicale du Centre" in m.subject for m in coordinators)
    # Groups without their own contact fall back to the centre's address.
    assert coordinators[0].to == ["info@cainamur.be"]


def test_coordinator_of_the_group_is_notified(client, groups, django_capture_on_commit_callbacks):
    group = groups["gt-logement"]
    group.contact_email = "logement@example.org"
    group.save_revision().publish()
    post(client, valid_data(groups, groups=[group.pk]), capture=django_capture_on_commit_callbacks)
    assert any(m.to == ["logement@example.org"] for m in mail.outbox)


def test_group_page_preselects_its_group_and_accepts_the_form(client, groups):
    url = "/ppli/groupes-de-travail/gt-logement/"
    html = client.get(url).content.decode()
    assert f'value="{groups["gt-logement"].pk}"' in html
    checked = html.split(f'value="{groups["gt-logement"].pk}"')[1].split(">")[0]
    assert "checked" in checked
    response = client.post(url, valid_data(groups, groups=[groups["gt-logement"].pk]))
    assert response.status_code == 302
    assert WorkingGroupSignup.objects.get().group == groups["gt-logement"]


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"groups": []}, "Choisissez au moins un groupe de travail ou le comité."),
        ({"groups": ["999999"]}, "Ce groupe n&#x27;existe pas ou plus."),
        ({"groups": ["abc"]}, "Ce groupe n&#x27;existe pas ou plus."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
        ({"consent": ""}, "Votre accord est nécessaire pour traiter la demande."),
        ({"organisation_kind": "secte"}, "Sélectionnez un choix valide."),
        ({"organisation_name": ""}, "Champ requis."),
        ({"contact_name": "x" * 151}, "Assurez-vous que cette valeur comporte au plus 150"),
        ({"message": "m" * 2001}, "Assurez-vous que cette valeur comporte au plus 2000"),
        ({"phone": "appelez-moi"}, "Saisissez un numéro de téléphone valide."),
        ({"commune": ""}, "Champ requis."),
    ],
)
def test_invalid_input_shows_errors_keeps_input_and_stores_nothing(
    client, groups, overrides, message
):
    response = client.post(INDEX, valid_data(groups, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le formulaire contient" in html
    assert message in html
    assert 'value="Maison médicale du Centre"' in html or overrides.get("organisation_name") == ""
    assert not WorkingGroupSignup.objects.exists()
    assert mail.outbox == []


def test_repeated_pending_request_is_not_duplicated(
    client, groups, django_capture_on_commit_callbacks
):
    post(client, valid_data(groups), capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    data = valid_data(
        groups,
        email="awa.diallo@example.org",
        groups=[groups["gt-logement"].pk, groups["gt-sante-et-aide-sociale"].pk],
    )
    post(client, data, capture=django_capture_on_commit_callbacks)
    assert WorkingGroupSignup.objects.count() == 3
    assert WorkingGroupSignup.objects.filter(group=groups["gt-logement"]).count() == 1
    html = client.get(CONFIRMATION).content.decode()
    assert "Nous avions déjà reçu votre demande pour GT 3°" in html
    assert "inutile de la renvoyer" in html


def test_new_request_after_a_decision_is_stored(client, groups):
    client.post(INDEX, valid_data(groups, groups=[groups["gt-logement"].pk]))
    WorkingGroupSignup.objects.update(status=SignupStatus.DECLINED)
    client.post(INDEX, valid_data(groups, groups=[groups["gt-logement"].pk]))
    assert WorkingGroupSignup.objects.count() == 2


def test_honeypot_stores_nothing(client, groups):
    response = client.post(INDEX, valid_data(groups, site_web="http://spam.example"))
    assert response.status_code == 302
    assert not WorkingGroupSignup.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_address(client, groups, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (5, 600)
    for n in range(5):
        assert client.post(INDEX, valid_data(groups, email=f"p{n}@example.org")).status_code == 302
    response = client.post(INDEX, valid_data(groups, email="p5@example.org"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert "Vous avez envoyé trop de demandes en peu de temps" in html
    assert "Veuillez réessayer dans 10 minutes ou écrire à info@cainamur.be." in html
    assert 'value="p5@example.org"' in html  # what was typed is kept
    assert WorkingGroupSignup.objects.count() == 10
    other = client.post(
        INDEX, valid_data(groups, email="autre@example.org"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_invalid_posts_do_not_use_up_the_limit(client, groups, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (2, 600)
    for _ in range(8):
        response = client.post(INDEX, valid_data(groups, email="pas-une-adresse"))
        assert response.status_code == 200
        assert "Retry-After" not in response
    assert client.post(INDEX, valid_data(groups)).status_code == 302
    assert WorkingGroupSignup.objects.count() == 2


def test_stored_requests_and_honeypot_hits_count(client, groups, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (3, 600)
    one_group = [groups["gt-logement"].pk]
    assert client.post(INDEX, valid_data(groups, groups=one_group)).status_code == 302
    for n in range(2):
        spam = valid_data(groups, email=f"bot{n}@example.org", site_web="http://spam.example")
        assert client.post(INDEX, spam).status_code == 302
    refused = client.post(INDEX, valid_data(groups, email="autre@example.org"))
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # Even a form with errors is refused once over the limit, and refusals count nothing.
    assert client.post(INDEX, valid_data(groups, email="x")).status_code == 429
    assert WorkingGroupSignup.objects.count() == 1


class FakeClock:
    """A clock the test moves on by hand."""

    def __init__(self, now=1_700_000_000.0):
        """Start at a fixed instant."""
        self.now = now

    def __call__(self):
        """The current fake time, in seconds since the epoch."""
        return self.now


def test_retry_after_counts_down_to_the_end_of_the_window(client, groups, settings, monkeypatch):
    from core import ratelimit

    clock = FakeClock()
    monkeypatch.setattr(ratelimit, "clock", clock)
    settings.PPLI_SIGNUP_RATE_LIMIT = (1, 600)
    assert client.post(INDEX, valid_data(groups)).status_code == 302
    clock.now += 30
    first = client.post(INDEX, valid_data(groups, email="b@example.org"))
    assert (first.status_code, first["Retry-After"]) == (429, "570")
    assert "Veuillez réessayer dans 10 minutes" in first.content.decode()
    clock.now += 450.5
    later = client.post(INDEX, valid_data(groups, email="b@example.org"))
    assert (later.status_code, later["Retry-After"]) == (429, "120")
    assert "Veuillez réessayer dans 2 minutes" in later.content.decode()
    clock.now += 119
    last = client.post(INDEX, valid_data(groups, email="b@example.org"))
    assert (last.status_code, last["Retry-After"]) == (429, "1")
    assert "Veuillez réessayer dans 1 minute ou" in last.content.decode()
    clock.now += 1
    assert client.post(INDEX, valid_data(groups, email="b@example.org")).status_code == 302
    assert WorkingGroupSignup.objects.filter(email="b@example.org").count() == 2


def test_partner_input_cannot_inject_html(client, groups, django_capture_on_commit_callbacks):
    evil = '<script>alert("x")</script><b>gras</b>'
    post(
        client,
        valid_data(groups, organisation_name=evil, message=evil, contact_name=evil),
        capture=django_capture_on_commit_callbacks,
    )
    assert WorkingGroupSignup.objects.filter(organisation_name=evil).exists()
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "<script>" not in html and "<b>gras</b>" not in html
        assert "\n" not in message.subject
    WorkingGroupSignup.objects.update(status=SignupStatus.ACCEPTED)
    page = client.get("/ppli/groupes-de-travail/gt-logement/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_form_is_protected_by_csrf(groups):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(INDEX, valid_data(groups))
    assert response.status_code == 403
    assert not WorkingGroupSignup.objects.exists()


def test_form_labels_link_the_privacy_notice(client):
    html = client.get(INDEX).content.decode()
    assert 'href="/protection-des-donnees/"' in html
    assert '<datalist id="organisations-connues">' in html
    assert '<option value="MRAX">' in html
    privacy = client.get("/protection-des-donnees/")
    assert privacy.status_code == 200
    assert "Vos droits" in privacy.content.decode()


def test_accepted_organisations_appear_on_the_group_page_without_personal_data(client, groups):
    client.post(INDEX, valid_data(groups))
    WorkingGroupSignup.objects.filter(group=groups["gt-logement"]).update(
        status=SignupStatus.ACCEPTED
    )
    html = client.get(page_at("/ppli/groupes-de-travail/gt-logement/").url).content.decode()
    members = html.split("Organisations membres")[1].split("</ul>")[0]
    assert "Maison médicale du Centre" in members
    assert "Awa Diallo" not in html and "example.org" not in html
