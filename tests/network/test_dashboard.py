"""The network on the staff's dashboard (network/dashboard.py): « Constats à modérer »,
« Demandes d'expertise » and « Consultation sur les constats », for those who may see what they
count, each a fixed number of queries whatever the number of records, each link to a list
filtered as it says."""

import html
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from network import channels
from network.dashboard import shown_consultation
from network.models import (
    Consultation,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    RequestStatus,
    Urgency,
)
from testing.queries import cold_get
from tests.dashboard import DASHBOARD, link_to, make_redacteur, panel
from tests.network.test_staff_consultation import answer
from tests.network.test_staff_findings import (
    coordinator_member,
    finding_url,
    kept,
    make_finding,
    reader_of,
)
from tests.network.test_staff_requests import make_request

pytestmark = pytest.mark.django_db

FINDINGS, REQUESTS, CONSULTATION = (
    "constats-a-moderer",
    "demandes-d-expertise",
    "consultation-constats",
)
# The three panels' own queries once there is something to show: the findings' counts and
# the oldest ones (2), the requests' counts and the oldest open one (2), the consultation and
# its answers' counts (2). With nothing waiting, 4: no oldest finding, no oldest request.
PANELS_QUERIES = 6


@pytest.fixture
def coordinator(django_user_model):
    """A member of Coordination PPLI."""
    return coordinator_member(django_user_model)


def section(response, panel_id):
    """One panel's HTML, unescaped, its white space collapsed; None when absent."""
    found = panel(response.content.decode(), panel_id)
    return " ".join(html.unescape(found).split()) if found else None


def open_consultation():
    """The initial content's consultation, open today."""
    consultation = Consultation.objects.get()
    today = timezone.localdate()
    consultation.opens_on = today - timedelta(days=1)
    consultation.closes_on = today + timedelta(days=20)
    consultation.save()
    return consultation


def fill(findings=3, requests=3):
    """Findings waiting (one from 9 days ago), a kept one not yet online, requests open (one
    urgent, one from 5 days ago), one closed, and a consultation answered."""
    for n in range(findings):
        make_finding(n)
    FieldFinding.objects.filter(pk=FieldFinding.objects.order_by("pk").first().pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    kept(make_finding(100))
    for n in range(requests):
        make_request(n, urgency=Urgency.WEEK if n == 0 else Urgency.NORMAL)
    ExpertiseRequest.objects.filter(pk=ExpertiseRequest.objects.order_by("pk").first().pk).update(
        created_at=timezone.now() - timedelta(days=5)
    )
    channels.change_request_status(make_request(99), RequestStatus.CLOSED)
    consultation = open_consultation()
    answer(consultation, "a@example.org", [("actuel", "Un commentaire."), ("nuancer", "")])
    answer(consultation, "b@example.org", [("depasse", "")])
    return consultation


def test_the_panels_show_what_waits_and_lead_to_the_filtered_lists(client, coordinator):
    """Each count links to the list filtered as it says."""
    fill()
    client.force_login(coordinator)
    response = client.get(DASHBOARD)

    findings = section(response, FINDINGS)
    assert "3 constats à modérer" in findings
    assert "Maison médicale 0" in findings and "(9 jours)" in findings
    assert "1 constat retenu pas encore publié" in findings
    listed = client.get(link_to(findings, "3 constats à modérer")).context["object_list"]
    assert {each.status for each in listed} == {FindingStatus.RECEIVED} and len(listed) == 3
    unpublished = link_to(findings, "1 constat retenu pas encore publié")
    assert [each.organisation for each in client.get(unpublished).context["object_list"]] == [
        "Maison médicale 100"
    ]

    requests = section(response, REQUESTS)
    assert "3 demandes ouvertes" in requests and "1 urgente" in requests
    assert "attend depuis 5 jours" in requests
    received = client.get(link_to(requests, "Reçue")).context["object_list"]
    assert len(received) == 3
    closed = client.get(link_to(requests, "Clôturée")).context["object_list"]
    assert [each.name for each in closed] == ["Marc Lemaire 99"]
    urgent = client.get(link_to(requests, "1 urgente (dans la semaine)")).context["object_list"]
    assert [each.urgency for each in urgent] == [Urgency.WEEK]

    consultation = section(response, CONSULTATION)
    assert "Réactualiser les constats du diagnostic 2016-2017" in consultation
    assert "Ouverte" in consultation
    assert "2 personnes ont répondu (3 réponses)" in consultation
    comments = link_to(consultation, "1 commentaire à modérer")
    assert client.get(comments).status_code == 200
    assert client.get(link_to(consultation, "Voir les résultats")).status_code == 200


def test_the_panels_say_when_nothing_waits(client, coordinator):
    """With nothing waiting, each panel says so."""
    client.force_login(coordinator)
    response = client.get(DASHBOARD)
    assert "Aucun constat à modérer" in section(response, FINDINGS)
    assert "Aucune demande ouverte" in section(response, REQUESTS)
    # The initial content's consultation has no dates yet: a draft.
    assert "pas encore de dates" in section(response, CONSULTATION)
    Consultation.objects.all().delete()
    assert "Aucune consultation pour l'instant" in section(client.get(DASHBOARD), CONSULTATION)


def test_the_panels_cost_their_pinned_queries_whatever_the_number_of_records(client, coordinator):
    """The three panels cost their pinned queries, for few records or many."""
    fill()
    client.force_login(coordinator)
    client.get(DASHBOARD)
    _, with_panels = cold_get(client, DASHBOARD)
    group = Group.objects.get(name="Coordination PPLI")
    group.permissions.remove(*Permission.objects.filter(content_type__app_label="network"))
    response, without_panels = cold_get(client, DASHBOARD)
    assert all(section(response, each) is None for each in (FINDINGS, REQUESTS, CONSULTATION))
    assert with_panels - without_panels == PANELS_QUERIES
    group.permissions.add(*Permission.objects.filter(content_type__app_label="network"))
    fill(findings=8, requests=8)
    _, more = cold_get(client, DASHBOARD)
    assert more == with_panels


def test_the_panel_shows_the_consultation_the_public_page_shows():
    """The dated consultation before a newer draft, as the public page."""
    dated = open_consultation()
    Consultation.objects.create(title="Brouillon plus récent")
    assert shown_consultation() == channels.current_consultation() == dated
    Consultation.objects.filter(pk=dated.pk).update(opens_on=None, closes_on=None)
    assert shown_consultation().title == "Brouillon plus récent"


def test_only_those_who_may_see_the_records_see_the_panels(client, django_user_model):
    """Each panel is shown to those with a permission on what it counts."""
    fill(findings=1, requests=1)
    client.force_login(make_redacteur(django_user_model))
    response = client.get(DASHBOARD)
    assert all(section(response, each) is None for each in (FINDINGS, REQUESTS, CONSULTATION))

    client.force_login(reader_of(django_user_model, "view_fieldfinding"))
    response = client.get(DASHBOARD)
    assert section(response, FINDINGS) is not None
    assert section(response, REQUESTS) is None and section(response, CONSULTATION) is None
    assert client.get(finding_url("index")).status_code == 200
