"""Partners join the PPLI's network: storage, e-mails, duplicates, errors, protection."""

import uuid
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from core.typography import french_typography
from ppli.models import (
    AxisPage,
    ConcertationSpacePage,
    SignupStatus,
    WorkingGroupPage,
    WorkingGroupSignup,
)
from ppli.signup_admin import inspect_url
from tests.conftest import page_at
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

INDEX = "/ppli/groupes-de-travail/"
CONFIRMATION = INDEX + "confirmation/"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def groups():
    return {g.slug: g for g in WorkingGroupPage.objects.all()}


@pytest.fixture
def axes():
    return {a.number: a for a in AxisPage.objects.all()}


@pytest.fixture
def thematics():
    return {t.slug: t for t in ThematicPage.objects.all()}


def open_space(title, slug, contact_email="", open_for_signup=True):
    """A concertation space staff made under the groups' index."""
    index = page_at(INDEX)
    space = ConcertationSpacePage(
        title=title, slug=slug, contact_email=contact_email, open_for_signup=open_for_signup
    )
    index.add_child(instance=space)
    return space


def valid_data(axis_pages, thematic_pages, **overrides):
    data = {
        "axes": [axis_pages["3°"].pk],
        "thematics": [thematic_pages["logement"].pk, thematic_pages["sante"].pk],
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


def test_valid_request_stores_one_row_with_its_axes_and_thematics_and_sends_both_emails(
    client, axes, thematics, django_capture_on_commit_callbacks
):
    response = post(client, valid_data(axes, thematics), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == CONFIRMATION
    row = WorkingGroupSignup.objects.get()
    assert row.group is None and row.group_title == ""
    assert list(row.axes.all()) == [axes["3°"]]
    assert {t.slug for t in row.thematics.all()} == {"logement", "sante"}
    assert not row.spaces.exists()
    assert row.status == SignupStatus.PENDING
    assert row.email == "awa.diallo@example.org"
    assert row.consent_at is not None and row.decided_at is None

    confirmation = client.get(CONFIRMATION).content.decode()
    assert "Merci, votre demande est bien envoyée" in confirmation
    assert "rejoindre le réseau du PPLI a été enregistrée" in confirmation

    to_partner = [m for m in mail.outbox if m.to == ["awa.diallo@example.org"]]
    assert len(to_partner) == 1
    assert to_partner[0].subject == "Votre demande pour rejoindre le réseau du PPLI"
    assert "Bonjour Awa Diallo" in to_partner[0].body
    assert "Axes : 3° " in to_partner[0].body
    assert "Thématiques : " in to_partner[0].body and "Logement" in to_partner[0].body
    assert to_partner[0].alternatives[0][1] == "text/html"
    coordinators = [m for m in mail.outbox if m not in to_partner]
    assert len(coordinators) == 1
    assert "réseau du PPLI" in coordinators[0].subject
    assert "Maison médicale du Centre" in coordinators[0].subject
    # No space chosen: the centre's address (no PPLI coordination address is set).
    assert coordinators[0].to == ["info@cainamur.be"]
    assert inspect_url(row) in coordinators[0].body


def test_ppli_settings_address_is_notified_before_the_centre(
    client, axes, thematics, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from ppli.models import PPLISettings

    settings_ = PPLISettings.for_site(Site.objects.get(is_default_site=True))
    settings_.coordinator_email = "ppli@example.org"
    settings_.save()
    post(client, valid_data(axes, thematics), capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox if m.to != ["awa.diallo@example.org"]] == [
        ["ppli@example.org"]
    ]


def test_spaces_show_only_once_staff_open_them(client, axes, thematics):
    html = client.get(INDEX).content.decode()
    assert 'name="spaces"' not in html
    open_space("Coordination locale d'essai", "coordination-essai", open_for_signup=False)
    assert 'name="spaces"' not in client.get(INDEX).content.decode()
    space = open_space("Plateforme d'essai", "plateforme-essai")
    html = client.get(INDEX).content.decode()
    assert 'name="spaces"' in html
    assert f'value="{space.pk}"' in html
    assert "Coordination locale d&#x27;essai" not in html.split('name="spaces"')[1]
    # A closed space cannot be asked for by a hand-made request either.
    closed = ConcertationSpacePage.objects.get(slug="coordination-essai")
    response = client.post(INDEX, valid_data(axes, thematics, spaces=[closed.pk]))
    assert response.status_code == 200
    assert "Cet espace de concertation n&#x27;existe pas ou plus." in response.content.decode()


def test_the_chosen_spaces_contacts_are_notified(
    client, axes, thematics, django_capture_on_commit_callbacks
):
    with_contact = open_space("Plateforme d'essai", "plateforme-essai", "plateforme@example.org")
    without = open_space("Coordination d'essai", "coordination-essai")
    data = valid_data(axes, thematics, spaces=[with_contact.pk, without.pk])
    post(client, data, capture=django_capture_on_commit_callbacks)
    row = WorkingGroupSignup.objects.get()
    assert set(row.spaces.all()) == {with_contact, without}
    notified = [m.to for m in mail.outbox if m.to != ["awa.diallo@example.org"]]
    assert notified == [["plateforme@example.org"]]
    confirmation = client.get(CONFIRMATION).content.decode()
    assert "Plateforme d&#x27;essai" in confirmation
    # Accepted, the organisation is named on the space's page, without personal data.
    WorkingGroupSignup.objects.update(status=SignupStatus.ACCEPTED)
    page = client.get(with_contact.url).content.decode()
    assert "Maison médicale du Centre" in page.split("Organisations membres")[1]
    assert "Awa Diallo" not in page


def test_axes_or_thematics_are_needed(client, axes, thematics):
    only_thematic = valid_data(axes, thematics, axes=[])
    assert client.post(INDEX, only_thematic).status_code == 302
    cache.clear()
    none = valid_data(axes, thematics, axes=[], thematics=[], email="b@example.org")
    response = client.post(INDEX, none)
    assert response.status_code == 200
    assert "Cochez au moins un axe ou une thématique" in response.content.decode()
    assert WorkingGroupSignup.objects.count() == 1


def test_working_group_pages_carry_no_form(client):
    html = client.get("/ppli/groupes-de-travail/gt-logement/").content.decode()
    assert "<form" not in html.split('id="contenu"')[1]
    assert 'href="/ppli/groupes-de-travail/#rejoindre-le-reseau"' in html
    # A post to a group's page no longer stores anything.
    assert client.post("/ppli/groupes-de-travail/gt-logement/", {}).status_code != 302
    assert not WorkingGroupSignup.objects.exists()


def test_a_group_without_members_says_nothing_about_them(client):
    html = client.get("/ppli/groupes-de-travail/gt-logement/").content.decode()
    assert "Organisations membres" not in html
    assert "aucune" not in html


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"axes": [], "thematics": []}, "Cochez au moins un axe ou une thématique"),
        ({"axes": ["999999"]}, "Cet axe n&#x27;existe pas ou plus."),
        ({"axes": ["abc"]}, "Cet axe n&#x27;existe pas ou plus."),
        ({"thematics": ["999999"]}, "Cette thématique n&#x27;existe pas ou plus."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
        ({"consent": ""}, "Votre accord est nécessaire pour traiter la demande."),
        ({"organisation_kind": "secte"}, "Sélectionnez un choix valide."),
        ({"organisation_name": ""}, "Champ requis."),
        # The guarded form's message (core/guarded_form.py), the contact form's too.
        (
            {"contact_name": "x" * 151},
            "Ce texte est trop long : 150 caractères au plus (actuellement 151).",
        ),
        (
            {"message": "m" * 2001},
            "Ce texte est trop long : 2\u202f000 caractères au plus (actuellement 2001).",
        ),
        ({"phone": "appelez-moi"}, "Saisissez un numéro de téléphone valide."),
        ({"commune": ""}, "Champ requis."),
    ],
)
def test_invalid_input_shows_errors_keeps_input_and_stores_nothing(
    client, axes, thematics, overrides, message
):
    response = client.post(INDEX, valid_data(axes, thematics, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Erreur\u00a0: Groupes de travail | C.A.I. Namur</title>" in html.replace(
        "&nbsp;", "\u00a0"
    )
    summary = html.split("data-error-summary>")[1].split("</div>")[0]
    assert "Il y a un problème" in summary
    assert message in summary
    # The summary opens the form, and the page loads the script that focuses it.
    form = html.split('<form class="form"')[1]
    assert form.split(">", 1)[1].lstrip().startswith('<div class="error-summary"')
    assert 'action="/ppli/groupes-de-travail/#rejoindre-le-reseau"' in html
    assert "/static/js/error-summary.js" in html
    assert 'value="Maison médicale du Centre"' in html or overrides.get("organisation_name") == ""
    assert not WorkingGroupSignup.objects.exists()
    assert mail.outbox == []


def test_repeated_pending_request_is_not_duplicated_and_says_so(
    client, axes, thematics, django_capture_on_commit_callbacks
):
    post(client, valid_data(axes, thematics), capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    data = valid_data(axes, thematics, email="awa.diallo@example.org", axes=[axes["2°"].pk])
    post(client, data, capture=django_capture_on_commit_callbacks)
    assert WorkingGroupSignup.objects.count() == 1
    assert mail.outbox == []
    html = client.get(CONFIRMATION).content.decode()
    assert "<h1>Votre demande nous était déjà parvenue</h1>" in html
    assert "Merci, votre demande est bien envoyée" not in html
    assert "inutile de la renvoyer" in html
    assert "<title>Demande déjà reçue | C.A.I. Namur</title>" in html


def test_new_request_after_a_decision_is_stored(client, axes, thematics):
    client.post(INDEX, valid_data(axes, thematics))
    WorkingGroupSignup.objects.update(status=SignupStatus.DECLINED)
    client.post(INDEX, valid_data(axes, thematics))
    assert WorkingGroupSignup.objects.count() == 2


def old_request(group, email="ancien@example.org", status=SignupStatus.PENDING):
    """A request stored the way the working-group form stored them before the network form:
    one row per group, with the group and its title."""
    return WorkingGroupSignup.objects.create(
        submission=uuid.uuid4(),
        group=group,
        group_title=group.title,
        organisation_name="CPAS d'essai",
        organisation_kind="public",
        contact_name="Jean Ancien",
        role="Assistant social",
        email=email,
        commune="Namur",
        consent_at=timezone.now(),
        status=status,
    )


def test_requests_made_before_the_network_form_keep_their_group(client, groups, axes, thematics):
    old = old_request(groups["gt-logement"], email="awa.diallo@example.org")
    assert str(old) == f"CPAS d'essai → {groups['gt-logement'].title}"
    assert old.request_label() == groups["gt-logement"].title
    # A pending old request does not stop the same address from joining the network.
    assert client.post(INDEX, valid_data(axes, thematics)).status_code == 302
    new = WorkingGroupSignup.objects.exclude(pk=old.pk).get()
    assert new.group is None and new.request_label() == "Réseau du PPLI"
    old.refresh_from_db()
    assert old.group == groups["gt-logement"] and old.status == SignupStatus.PENDING
    # Accepted, the old request still names the organisation on its group's page.
    WorkingGroupSignup.objects.filter(pk=old.pk).update(status=SignupStatus.ACCEPTED)
    html = client.get("/ppli/groupes-de-travail/gt-logement/").content.decode()
    assert "CPAS d&#x27;essai" in html.split("Organisations membres")[1]


def test_honeypot_stores_nothing(client, axes, thematics):
    response = client.post(INDEX, valid_data(axes, thematics, site_web="http://spam.example"))
    assert response.status_code == 302
    assert not WorkingGroupSignup.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_address(client, axes, thematics, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (5, 600)
    for n in range(5):
        assert (
            client.post(INDEX, valid_data(axes, thematics, email=f"p{n}@example.org")).status_code
            == 302
        )
    response = client.post(INDEX, valid_data(axes, thematics, email="p5@example.org"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert "Vous avez envoyé trop de demandes en peu de temps" in html
    assert "Veuillez réessayer dans 10 minutes ou écrire à info@cainamur.be." in html
    assert 'value="p5@example.org"' in html  # what was typed is kept
    ticked = html.split(f'name="axes" value="{axes["3°"].pk}"')[1].split(">")[0]
    assert "checked" in ticked
    assert WorkingGroupSignup.objects.count() == 5
    other = client.post(
        INDEX, valid_data(axes, thematics, email="autre@example.org"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_invalid_posts_do_not_use_up_the_limit(client, axes, thematics, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (2, 600)
    for _ in range(8):
        response = client.post(INDEX, valid_data(axes, thematics, email="pas-une-adresse"))
        assert response.status_code == 200
        assert "Retry-After" not in response
    assert client.post(INDEX, valid_data(axes, thematics)).status_code == 302
    assert WorkingGroupSignup.objects.count() == 1


def test_stored_requests_and_honeypot_hits_count(client, axes, thematics, settings):
    settings.PPLI_SIGNUP_RATE_LIMIT = (3, 600)
    assert client.post(INDEX, valid_data(axes, thematics)).status_code == 302
    for n in range(2):
        spam = valid_data(
            axes, thematics, email=f"bot{n}@example.org", site_web="http://spam.example"
        )
        assert client.post(INDEX, spam).status_code == 302
    refused = client.post(INDEX, valid_data(axes, thematics, email="autre@example.org"))
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # Even a form with errors is refused once over the limit, and refusals count nothing.
    assert client.post(INDEX, valid_data(axes, thematics, email="x")).status_code == 429
    assert WorkingGroupSignup.objects.count() == 1


class FakeClock:
    """A clock the test moves on by hand."""

    def __init__(self, now=1_700_000_000.0):
        """Start at a fixed instant."""
        self.now = now

    def __call__(self):
        """The current fake time, in seconds since the epoch."""
        return self.now


def test_retry_after_counts_down_to_the_end_of_the_window(
    client, axes, thematics, settings, monkeypatch
):
    from core import ratelimit

    clock = FakeClock()
    monkeypatch.setattr(ratelimit, "clock", clock)
    settings.PPLI_SIGNUP_RATE_LIMIT = (1, 600)
    assert client.post(INDEX, valid_data(axes, thematics)).status_code == 302
    clock.now += 30
    first = client.post(INDEX, valid_data(axes, thematics, email="b@example.org"))
    assert (first.status_code, first["Retry-After"]) == (429, "570")
    assert "Veuillez réessayer dans 10 minutes" in first.content.decode()
    clock.now += 450.5
    later = client.post(INDEX, valid_data(axes, thematics, email="b@example.org"))
    assert (later.status_code, later["Retry-After"]) == (429, "120")
    assert "Veuillez réessayer dans 2 minutes" in later.content.decode()
    clock.now += 119
    last = client.post(INDEX, valid_data(axes, thematics, email="b@example.org"))
    assert (last.status_code, last["Retry-After"]) == (429, "1")
    assert "Veuillez réessayer dans 1 minute ou" in last.content.decode()
    clock.now += 1
    assert client.post(INDEX, valid_data(axes, thematics, email="b@example.org")).status_code == 302
    assert WorkingGroupSignup.objects.filter(email="b@example.org").count() == 1


def test_partner_input_cannot_inject_html(
    client, axes, thematics, django_capture_on_commit_callbacks
):
    evil = '<script>alert("x")</script><b>gras</b>'
    space = open_space("Plateforme d'essai", "plateforme-essai")
    post(
        client,
        valid_data(
            axes,
            thematics,
            organisation_name=evil,
            message=evil,
            contact_name=evil,
            spaces=[space.pk],
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert WorkingGroupSignup.objects.filter(organisation_name=evil).exists()
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert "<script>" not in html and "<b>gras</b>" not in html
        assert "\n" not in message.subject
    WorkingGroupSignup.objects.update(status=SignupStatus.ACCEPTED)
    page = client.get(space.url).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_form_is_protected_by_csrf(axes, thematics):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(INDEX, valid_data(axes, thematics))
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


def test_groups_page_frames_the_2017_2020_groups_and_leads_to_the_network(client):
    html = client.get(INDEX).content.decode()
    header = html.split('<header class="page-header">')[1].split("</header>")[0]
    # On a phone the form is far down: the header leads to it.
    assert 'href="#rejoindre-le-reseau">Rejoindre le réseau</a>' in header
    assert '<section class="signup" id="rejoindre-le-reseau"' in html
    assert '<h2 id="rejoindre-le-reseau-titre">Rejoindre le réseau du PPLI</h2>' in html
    # The seeds' count of concertation spaces, and which ones the site shows.
    assert "15 espaces de concertation" in html
    assert "quinze groupes de travail et plateformes" in html
    assert french_typography("six groupes de travail (GT), autant qu'il y a d'axes") in unescape(
        html
    )
    assert html.count('class="card__link"') == 7


def test_local_coordinations_wait_as_a_draft_for_staff(client):
    draft = page_at(INDEX + "coordinations-locales/")
    assert isinstance(draft, ConcertationSpacePage)
    assert not draft.live and not draft.open_for_signup
    assert client.get(INDEX + "coordinations-locales/").status_code == 404
    assert "Coordinations locales" not in client.get(INDEX).content.decode()
    assert ConcertationSpacePage.parent_page_types == ["ppli.WorkingGroupIndexPage"]


def test_the_home_page_door_leads_to_the_network(client):
    html = client.get("/").content.decode()
    door = html.split("Je suis un·e professionnel·le ou un partenaire")[1].split("</li>")[0]
    assert "Rejoindre le réseau du PPLI." in door
    assert "groupes de travail" not in door
    assert 'href="/ppli/groupes-de-travail/"' in html
    assert 'href="/ppli/groupes-de-travail/"' in client.get("/ppli/").content.decode()
