"""Staff triage the expertise requests in the admin (network/staff.py, staff_views.py): the
list and its filters, the triage form (each change of status through network/channels.py,
which tells the requester), the internal notes, « Écrire au demandeur », the network members
suggested on the request's page and « Solliciter », and who may do all this."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from network import channels
from network.models import ChannelMessage, Commune, ExpertiseRequest, RequestStatus, Urgency
from ppli.models import ActionOrganisation, ActionPage, SignupStatus, WorkingGroupSignup
from testing.queries import cold_get
from tests.dashboard import sidebar_items
from tests.network.test_staff_findings import (
    coordinator_member,
    messages_of,
    reader_of,
    refused,
    request_url,
    sent_to,
    words_of,
)
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

# The list's queries, whatever the number of requests: the login session, the user, their
# permissions (2), their profile; wagtail-modeladmin's three counts; the page of rows with
# their thematic, commune and staff member (1); Wagtail's admin chrome (5).
LIST_QUERIES = 14


def make_request(n=1, **extra):
    """An expertise request as the public form sends it (through the writer)."""
    fields = {
        "name": f"Marc Lemaire {n}",
        "organisation": "Maison médicale du Centre",
        "email": f"demandeur{n}@example.org",
        "phone": "081 11 11 11",
        "context": "De plus en plus de patients sans couverture.",
        "question": "Qui peut aider à orienter vers des soins ?",
        "thematic": ThematicPage.objects.get(slug="sante"),
        "commune": Commune.objects.get(name="Namur"),
    }
    return channels.create_request(**{**fields, **extra})


def make_member(name, status=SignupStatus.ACCEPTED, thematics=(), axes=(), organisation=None):
    """A sign-up to the PPLI's network."""
    signup = WorkingGroupSignup.objects.create(
        submission=uuid.uuid4(),
        organisation_name=name,
        organisation=organisation,
        organisation_kind="associatif",
        contact_name=f"Contact {name}",
        role="Coordinatrice",
        email=f"{name.lower().replace(' ', '-')}@example.org",
        commune="Namur",
        consent_at=timezone.now(),
        status=status,
    )
    signup.thematics.set(thematics)
    signup.axes.set(axes)
    return signup


def health_partner():
    """An organisation named under « Par qui ? » of a live action tagged « Santé »."""
    link = (
        ActionOrganisation.objects.filter(
            action__in=ActionPage.objects.live().filter(thematics__slug="sante")
        )
        .select_related("organisation", "action")
        .order_by("organisation__name")
        .first()
    )
    return link.organisation, link.action


@pytest.fixture
def coordinator(django_user_model):
    """A member of Coordination PPLI."""
    return coordinator_member(django_user_model)


@pytest.fixture
def expertise_request():
    """A request just received, about « Santé » in Namur."""
    return make_request()


def triage(expertise_request, **changes):
    """The triage form's data for the request as it is, with `changes`."""
    data = {
        "status": expertise_request.status,
        "assigned_to": expertise_request.assigned_to_id or "",
        "internal_notes": expertise_request.internal_notes,
        "notes_seen": expertise_request.internal_notes,
    }
    data.update(changes)
    return data


# The list


def test_the_list_shows_status_age_urgency_thematic_commune_and_who_follows(client, coordinator):
    """Each row says its status, age, urgency, thematic, commune, staff member; filters work."""
    old = make_request(1, urgency=Urgency.WEEK)
    ExpertiseRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=12), assigned_to=coordinator
    )
    make_request(2, thematic=None, commune=None)
    client.force_login(coordinator)
    response = client.get(request_url("index"))
    text = words_of(response)
    assert "Demandes d'expertise" in text
    assert "Marc Lemaire 1 (Maison médicale du Centre)" in text
    assert "12 jours" in text and "aujourd'hui" in text
    assert "Dans la semaine" in text and "Santé" in text and "Namur" in text
    assert "Claire Coord" in text
    assert "demandes-d-expertise" in sidebar_items(response.content.decode())
    urgent = client.get(request_url("index") + "?urgency__exact=semaine").context["object_list"]
    assert [each.pk for each in urgent] == [old.pk]
    received = client.get(request_url("index") + "?status__exact=recue").context["object_list"]
    assert len(received) == 2
    assert not client.get(request_url("index") + "?status__exact=analyse").context["object_list"]


def test_the_list_costs_a_fixed_number_of_queries(client, coordinator):
    """The list costs the same queries for 1 request as for 8."""
    make_request(1)
    client.force_login(coordinator)
    client.get(request_url("index"))
    response, before = cold_get(client, request_url("index"))
    assert (response.status_code, before) == (200, LIST_QUERIES)
    for n in range(2, 9):
        make_request(n, urgency=Urgency.MONTH)
    _, after = cold_get(client, request_url("index"))
    assert after == before


# Triage


def test_changing_the_status_tells_the_requester(
    client, coordinator, expertise_request, django_capture_on_commit_callbacks
):
    """A new status goes through channels.change_request_status, which e-mails the requester."""
    client.force_login(coordinator)
    page = client.get(request_url("edit", expertise_request.pk))
    text = words_of(page)
    assert expertise_request.question in text and expertise_request.email in text
    form = page.context["form"]
    assert set(form.fields) >= {"status", "assigned_to", "internal_notes"}
    assert "question" not in form.fields and "email" not in form.fields
    choices = [value for value, _label in form.fields["status"].choices]
    assert choices == ["recue", "analyse", "mobilisation", "repondue", "cloturee"]

    data = triage(
        expertise_request,
        status=RequestStatus.ANALYSIS,
        assigned_to=coordinator.pk,
        internal_notes="Appeler le relais santé.",
        question="Changée",  # not a field of the form: ignored
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url("edit", expertise_request.pk), data, follow=True)
    expertise_request.refresh_from_db()
    assert expertise_request.status == RequestStatus.ANALYSIS
    assert expertise_request.assigned_to == coordinator
    assert expertise_request.internal_notes == "Appeler le relais santé."
    assert expertise_request.question == "Qui peut aider à orienter vers des soins ?"
    assert [message.subject for message in sent_to(expertise_request.email)] == [
        "Votre demande d'expertise : en cours d'analyse"
    ]
    assert any("le demandeur en reçoit un e-mail" in each for each in messages_of(response))

    # Saving again without a new status sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            request_url("edit", expertise_request.pk),
            triage(expertise_request, internal_notes="Rappelé."),
        )
    assert mail.outbox == []


def test_a_solicitation_noted_meanwhile_survives_an_older_page(
    client, coordinator, expertise_request
):
    """Saving a page opened before a solicitation keeps its note."""
    member = make_member("Relais Santé", thematics=[expertise_request.thematic])
    client.force_login(coordinator)
    page = client.get(request_url("edit", expertise_request.pk))
    seen = page.context["form"]["notes_seen"].value()
    client.post(request_url("solliciter", expertise_request.pk, member.pk))
    client.post(
        request_url("edit", expertise_request.pk),
        triage(expertise_request, internal_notes="Mes notes.", notes_seen=seen),
    )
    expertise_request.refresh_from_db()
    first, second = expertise_request.internal_notes.splitlines()
    assert first == "Mes notes."
    assert second.startswith("Sollicité : Relais Santé (Contact Relais Santé) le ")


def test_a_withdrawn_request_keeps_its_status(client, coordinator, expertise_request):
    """Staff cannot change the status of a request its author withdrew."""
    channels.withdraw(expertise_request)
    client.force_login(coordinator)
    response = client.get(request_url("edit", expertise_request.pk))
    assert response.context["form"].fields["status"].disabled
    client.post(
        request_url("edit", expertise_request.pk),
        triage(expertise_request, status=RequestStatus.ANALYSIS),
    )
    expertise_request.refresh_from_db()
    assert expertise_request.status == RequestStatus.WITHDRAWN


def test_writing_to_the_requester(
    client, coordinator, expertise_request, django_capture_on_commit_callbacks
):
    """« Écrire au demandeur » stores a team message and e-mails it."""
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url("ecrire", expertise_request.pk),
            {"text": "Nous cherchons un relais."},
            follow=True,
        )
    message = ChannelMessage.objects.get(request=expertise_request)
    assert message.from_staff and message.author == coordinator
    assert [each.subject for each in sent_to(expertise_request.email)] == [
        "Un message de l'équipe du C.A.I."
    ]
    assert "Nous cherchons un relais." in words_of(response)


# The network's members


def test_the_page_suggests_members_and_partners(client, coordinator, expertise_request):
    """Accepted members of the thematic and its partners are offered, no one else."""
    thematic = expertise_request.thematic
    by_thematic = make_member("Relais Santé", thematics=[thematic])
    make_member("En attente", status=SignupStatus.PENDING, thematics=[thematic])
    make_member("Refusé", status=SignupStatus.DECLINED, thematics=[thematic])
    partner, action = health_partner()
    linked = make_member("Partenaire inscrit", organisation=partner)
    client.force_login(coordinator)
    response = client.get(request_url("edit", expertise_request.pk))
    text = words_of(response)
    assert "Membres du réseau à solliciter" in text
    assert "Relais Santé" in text and by_thematic.email in text
    assert "En attente" not in text and "Refusé" not in text
    assert partner.name in text and f"{action.number}" in text
    assert "Sa page sur le site" in text
    page = response.content.decode()
    assert request_url("solliciter", expertise_request.pk, by_thematic.pk) in page
    assert request_url("solliciter", expertise_request.pk, linked.pk) in page


def test_without_a_thematic_nothing_is_suggested(client, coordinator):
    """A request without a thematic says why nobody is suggested."""
    expertise_request = make_request(thematic=None)
    client.force_login(coordinator)
    text = words_of(client.get(request_url("edit", expertise_request.pk)))
    assert "ne précise pas de thématique" in text


def test_the_page_costs_a_fixed_number_of_queries(client, coordinator, expertise_request):
    """The request's page costs the same queries whatever its members, partners and messages."""
    thematic = expertise_request.thematic
    make_member("Relais 0", thematics=[thematic])
    client.force_login(coordinator)
    address = request_url("edit", expertise_request.pk)
    client.get(address)
    response, before = cold_get(client, address)
    assert response.status_code == 200
    partner, _action = health_partner()
    for n in range(1, 6):
        make_member(f"Relais {n}", thematics=[thematic])
        make_member(f"Partenaire {n}", organisation=partner)
    channels.add_message(expertise_request, "Un message.", from_staff=True, author=coordinator)
    channels.add_message(expertise_request, "Une réponse.")
    _, after = cold_get(client, address)
    assert after == before


def test_soliciting_a_member_emails_the_question_and_notes_it(
    client, coordinator, expertise_request, django_capture_on_commit_callbacks
):
    """« Solliciter » e-mails the question, never who asked, and notes it."""
    member = make_member("Relais Santé", thematics=[expertise_request.thematic])
    client.force_login(coordinator)
    address = request_url("solliciter", expertise_request.pk, member.pk)
    assert client.get(address).status_code == 405  # a POST only
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(address, follow=True)
    assert len(callbacks) == 1
    [email] = sent_to(member.email)
    assert email.subject == "Le réseau du PPLI sollicite votre expertise"
    assert expertise_request.question in email.body
    assert expertise_request.name not in email.body
    assert expertise_request.email not in email.body
    assert email.reply_to == [coordinator.email]
    expertise_request.refresh_from_db()
    assert expertise_request.internal_notes.startswith(
        "Sollicité : Relais Santé (Contact Relais Santé) le "
    )
    assert expertise_request.internal_notes.endswith(" par Claire Coord")
    assert any("Demande d'expertise envoyée à Relais Santé" in m for m in messages_of(response))
    assert "Solliciter à nouveau" in words_of(response)


def test_soliciting_needs_an_accepted_member_and_an_open_request(
    client, coordinator, expertise_request, django_capture_on_commit_callbacks
):
    """Nothing is sent to a pending member or about a closed request."""
    pending = make_member("En attente", status=SignupStatus.PENDING)
    accepted = make_member("Accepté")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url("solliciter", expertise_request.pk, pending.pk), follow=True
        )
    assert any("rien n'a été envoyé" in message for message in messages_of(response))
    channels.change_request_status(expertise_request, RequestStatus.CLOSED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            request_url("solliciter", expertise_request.pk, accepted.pk), follow=True
        )
    assert any("rien n'a été envoyé" in message for message in messages_of(response))
    assert mail.outbox == []
    expertise_request.refresh_from_db()
    assert expertise_request.internal_notes == ""


def test_soliciting_needs_the_csrf_token_its_button_carries(coordinator, expertise_request):
    """Without the token the POST is refused; the button's form carries it."""
    member = make_member("Relais Santé", thematics=[expertise_request.thematic])
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    address = request_url("solliciter", expertise_request.pk, member.pk)
    assert client.post(address).status_code == 403
    expertise_request.refresh_from_db()
    assert expertise_request.internal_notes == ""
    # The button's own form carries the token: the click works in a browser.
    page = client.get(request_url("edit", expertise_request.pk)).content.decode()
    form = re.search(rf'<form[^>]*action="{re.escape(address)}".*?</form>', page, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert client.post(address, {"csrfmiddlewaretoken": token}).status_code == 302
    expertise_request.refresh_from_db()
    assert expertise_request.internal_notes.startswith("Sollicité : Relais Santé")


# Who may


def test_staff_without_the_permissions_are_refused(client, django_user_model, expertise_request):
    """A group without the request permissions reaches none of their screens."""
    member = make_member("Relais Santé", thematics=[expertise_request.thematic])
    user = reader_of(django_user_model, "view_fieldfinding")
    client.force_login(user)
    for address in [
        request_url("index"),
        request_url("edit", expertise_request.pk),
        request_url("inspect", expertise_request.pk),
        request_url("ecrire", expertise_request.pk),
        request_url("create"),
    ]:
        assert refused(client.get(address)), address
    assert refused(client.post(request_url("solliciter", expertise_request.pk, member.pk)))
    assert mail.outbox == []


def test_a_reader_sees_but_does_not_act(client, django_user_model, expertise_request):
    """The view permission lists and inspects, never changes, asks or deletes."""
    member = make_member("Relais Santé", thematics=[expertise_request.thematic])
    client.force_login(reader_of(django_user_model, "view_expertiserequest"))
    assert client.get(request_url("index")).status_code == 200
    inspect = client.get(request_url("inspect", expertise_request.pk))
    assert inspect.status_code == 200 and expertise_request.question in words_of(inspect)
    assert refused(client.get(request_url("edit", expertise_request.pk)))
    assert refused(client.post(request_url("solliciter", expertise_request.pk, member.pk)))
    assert refused(client.post(request_url("delete", expertise_request.pk)))
    assert ExpertiseRequest.objects.filter(pk=expertise_request.pk).exists()


def test_malformed_requests_are_refused_never_a_server_error(
    client, coordinator, expertise_request
):
    """Bad filters and values are a 400, a 404 or a form error, never a 500."""
    client.force_login(coordinator)
    assert client.get(request_url("index") + "?assigned_to__password=x").status_code == 400
    assert client.get(request_url("index") + "?urgency__exact=nope").status_code == 200
    assert client.post(request_url("solliciter", 999999, 1)).status_code == 404
    response = client.post(request_url("solliciter", expertise_request.pk, 999999), follow=True)
    assert response.status_code == 200
    response = client.post(
        request_url("edit", expertise_request.pk),
        triage(expertise_request, status="nope", assigned_to="abc"),
    )
    assert response.status_code == 200
    assert {"status", "assigned_to"} <= set(response.context["form"].errors)
