"""Staff moderate the field findings in the admin (network/staff.py, staff_views.py): the list
and its filters, the moderation form (the sender's words read only, every status change
through network/channels.py), « Publier » / « Retirer du site », « Écrire à l'auteur »,
deleting, and who may do all this (the Coordination PPLI group, network's migration 0002).

The helpers here (users, records, messages) serve the network's other staff tests too."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from network import channels
from network.models import ChannelMessage, Commune, ExpertiseRequest, FieldFinding, FindingStatus
from network.staff import consultation_admin, finding_admin, request_admin
from ppli.models import AxisPage
from resources.models import ResourcePage
from testing.queries import cold_get
from tests.dashboard import DASHBOARD, sidebar_items
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

COORDINATION = "Coordination PPLI"
# The list's queries, whatever the number of findings: the login session, the user, their
# permissions (their own and their groups': 2), their profile; wagtail-modeladmin's three
# counts (all, listed, paginator); the page of rows, its thematics and its communes (3); and
# Wagtail's admin chrome (locale, page, collection and site permissions, the explorer's root).
LIST_QUERIES = 16


# Helpers shared by the network's staff tests


def url(model_admin, action, *args):
    """An admin URL of one of the network's ModelAdmins, by its action."""
    return model_admin.url_helper.get_action_url(action, *args)


def finding_url(action, *args):
    """An admin URL of « Constats de terrain »."""
    return url(finding_admin, action, *args)


def request_url(action, *args):
    """An admin URL of « Demandes d'expertise »."""
    return url(request_admin, action, *args)


def consultation_url(action, *args):
    """An admin URL of « Consultations sur les constats »."""
    return url(consultation_admin, action, *args)


def coordinator_member(user_model, username="coordination"):
    """A member of Coordination PPLI: its permissions come from the migrations only."""
    user = user_model.objects.create_user(
        username, f"{username}@example.org", "x", first_name="Claire", last_name="Coord"
    )
    user.groups.add(Group.objects.get(name=COORDINATION))
    return user


def reader_of(user_model, *codenames, username="lecteur"):
    """Someone who reaches the admin with only `codenames` (network permissions)."""
    group = Group.objects.create(name=f"Lecture {username}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="network", codename__in=codenames),
    )
    user = user_model.objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(group)
    return user


def messages_of(response):
    """The admin messages shown by a followed response, as text."""
    return [html.unescape(str(message)).strip() for message in response.context["messages"]]


def words_of(response):
    """The response's text without tags, its white space collapsed."""
    text = html.unescape(response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def refused(response):
    """Wagtail's answer to a missing permission: 403, or back to the dashboard with a
    message (never a 500, never the login page for a logged-in user)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == DASHBOARD
    )


def sent_to(address):
    """The e-mails sent to `address`."""
    return [message for message in mail.outbox if address in message.to]


def make_finding(n=1, **extra):
    """A field finding as the public form sends it (through the writer)."""
    fields = {
        "organisation": f"Maison médicale {n}",
        "contact_name": f"Awa Diallo {n}",
        "email": f"auteur{n}@example.org",
        "phone": "081 00 00 00",
        "description": f"Les files d'attente pour un rendez-vous de santé s'allongent ({n}).",
        "since": "2023",
        "communes": [Commune.objects.get(name="Namur")],
        "thematics": [ThematicPage.objects.get(slug="sante")],
    }
    return channels.create_finding(**{**fields, **extra})


def moderation(finding, **changes):
    """The moderation form's data for `finding` as it is, with `changes`."""
    data = {
        "status": finding.status,
        "handled_by": finding.handled_by_id or "",
        "merged_into": finding.merged_into_id or "",
        "public_title": finding.public_title,
        "public_summary": finding.public_summary,
        "thematics": [thematic.pk for thematic in finding.thematics.all()],
        "axes": [axis.pk for axis in finding.axes.all()],
        "communes": [commune.pk for commune in finding.communes.all()],
        "audiences": [audience.pk for audience in finding.audiences.all()],
        "resources": [resource.pk for resource in finding.resources.all()],
        "internal_notes": finding.internal_notes,
    }
    if finding.province_wide:
        data["province_wide"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def kept(finding, title="Des délais de rendez-vous trop longs", summary="Plusieurs services…"):
    """`finding` kept with its public text (written as the form would, without e-mail)."""
    FieldFinding.objects.filter(pk=finding.pk).update(
        status=FindingStatus.KEPT, public_title=title, public_summary=summary
    )
    finding.refresh_from_db()
    return finding


@pytest.fixture
def coordinator(django_user_model):
    """A member of Coordination PPLI."""
    return coordinator_member(django_user_model)


@pytest.fixture
def finding():
    """A finding just received."""
    return make_finding()


# The list


def test_the_list_shows_the_findings_with_a_fixed_number_of_queries(client, coordinator):
    """The list, filtered or searched, costs the same queries for 2 findings as for 8."""
    for n in range(2):
        make_finding(n)
    client.force_login(coordinator)
    addresses = [
        finding_url("index"),
        finding_url("index") + "?status__exact=recu",
        finding_url("index") + "?publie=non",
        finding_url("index") + "?q=Maison",
    ]
    counts = {}
    for address in addresses:
        client.get(address)  # Wagtail's one-time reads, whatever the test order
        response, counts[address] = cold_get(client, address)
        assert response.status_code == 200, address
    assert counts[addresses[0]] == LIST_QUERIES
    for n in range(2, 8):
        make_finding(n, thematics=list(ThematicPage.objects.all()[:3]))
    for address in addresses:
        response, after = cold_get(client, address)
        assert (response.status_code, after) == (200, counts[address]), address


def test_the_list_shows_status_date_organisation_thematics_communes_and_publication(
    client, coordinator
):
    """Each row says its status, date, organisation, tags and place on the site; filters work."""
    waiting = make_finding(1)
    online = kept(make_finding(2, communes=[], province_wide=True))
    channels.publish_finding(online)
    client.force_login(coordinator)
    response = client.get(finding_url("index"))
    text = words_of(response)
    assert "Constats de terrain" in text
    assert "Maison médicale 1" in text and "Maison médicale 2" in text
    assert "Reçu" in text and "Retenu" in text
    assert "Santé" in text and "Namur" in text and "Toute la province" in text
    assert "Des délais de rendez-vous trop longs" in text  # a public title once written
    assert "Oui" in text  # on the site
    assert "constats-de-terrain" in sidebar_items(response.content.decode())
    # The filters: by status, by publication.
    listed = client.get(finding_url("index") + "?publie=oui").context["object_list"]
    assert [each.pk for each in listed] == [online.pk]
    listed = client.get(finding_url("index") + "?status__exact=recu").context["object_list"]
    assert [each.pk for each in listed] == [waiting.pk]
    # Nobody adds a finding here: they come from the public form only.
    assert not response.context["user_can_create"]
    assert finding_url("create") not in response.content.decode()


# Moderating


def test_the_moderation_page_shows_the_senders_words_read_only(client, coordinator, finding):
    """The sender's words are shown, never in the form; staff choose among four statuses."""
    client.force_login(coordinator)
    response = client.get(finding_url("edit", finding.pk))
    assert response.status_code == 200
    text = words_of(response)
    assert "Ce que l'auteur a envoyé" in text
    assert finding.description in text and finding.email in text
    form = response.context["form"]
    for private in ("description", "email", "contact_name", "organisation", "phone"):
        assert private not in form.fields
    assert {"status", "public_title", "public_summary", "resources"} <= set(form.fields)
    # Staff choose among four statuses; the fifth is the author's own withdrawal.
    choices = [value for value, _label in form.fields["status"].choices]
    assert choices == ["recu", "retenu", "fusionne", "non_retenu"]


def test_keeping_a_finding_goes_through_the_writer_and_tells_its_author(
    client, coordinator, finding, django_capture_on_commit_callbacks
):
    """A new status goes through channels.moderate_finding, which e-mails the author."""
    client.force_login(coordinator)
    resource = ResourcePage.objects.live().first()
    axis = AxisPage.objects.order_by("path").first()
    data = moderation(
        finding,
        status=FindingStatus.KEPT,
        public_title="Des délais trop longs",
        public_summary="Plusieurs services de santé constatent des délais.",
        axes=[axis.pk],
        resources=[resource.pk],
        internal_notes="À croiser avec le mémorandum.",
        description="Changé par l'équipe",  # not a field of the form: ignored
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(finding_url("edit", finding.pk), data, follow=True)
    assert response.status_code == 200
    finding.refresh_from_db()
    assert finding.status == FindingStatus.KEPT
    assert finding.public_title == "Des délais trop longs"
    assert finding.handled_by == coordinator  # who moderated, when nobody was named
    assert list(finding.axes.all()) == [axis]
    assert list(finding.resources.all()) == [resource]
    assert finding.internal_notes == "À croiser avec le mémorandum."
    assert finding.description.startswith("Les files d'attente")
    assert not finding.is_public  # kept is not published
    assert [message.subject for message in sent_to(finding.email)] == [
        "Votre constat de terrain : retenu"
    ]
    assert any("l'auteur en reçoit un e-mail" in message for message in messages_of(response))


def test_saving_without_changing_the_status_sends_nothing(
    client, coordinator, finding, django_capture_on_commit_callbacks
):
    """Notes and tags alone send no e-mail."""
    client.force_login(coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(finding_url("edit", finding.pk), moderation(finding, internal_notes="Vu."))
    finding.refresh_from_db()
    assert finding.internal_notes == "Vu." and finding.status == FindingStatus.RECEIVED
    assert mail.outbox == []


def test_a_merged_finding_names_the_kept_one_that_takes_it_over(client, coordinator, finding):
    """« Fusionné » needs a kept finding to go into, never itself."""
    target = kept(make_finding(2))
    client.force_login(coordinator)
    response = client.post(
        finding_url("edit", finding.pk), moderation(finding, status=FindingStatus.MERGED)
    )
    assert response.status_code == 200
    assert "merged_into" in response.context["form"].errors
    offered = response.context["form"].fields["merged_into"].queryset
    assert list(offered) == [target]  # kept findings only, never itself
    client.post(
        finding_url("edit", finding.pk),
        moderation(finding, status=FindingStatus.MERGED, merged_into=target.pk),
    )
    finding.refresh_from_db()
    assert (finding.status, finding.merged_into) == (FindingStatus.MERGED, target)
    assert finding.closed_at is not None


def test_a_finding_no_longer_kept_leaves_the_site(client, coordinator, finding):
    """Moderating a published finding away from « retenu » unpublishes it."""
    channels.publish_finding(kept(finding))
    client.force_login(coordinator)
    response = client.post(
        finding_url("edit", finding.pk),
        moderation(finding, status=FindingStatus.NOT_KEPT, public_title=""),
        follow=True,
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.NOT_KEPT and finding.published_at is None
    assert any("quitté le site" in message for message in messages_of(response))


def test_an_online_finding_keeps_its_public_text(client, coordinator, finding):
    """The public title and summary of a published finding cannot be emptied."""
    channels.publish_finding(kept(finding))
    client.force_login(coordinator)
    response = client.post(
        finding_url("edit", finding.pk), moderation(finding, public_title="", public_summary="")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Retirez-le d'abord du site" in errors["public_title"][0]
    finding.refresh_from_db()
    assert finding.public_title and finding.is_public


def test_a_withdrawn_finding_keeps_its_status(client, coordinator, finding):
    """Staff cannot change the status of a finding its author withdrew."""
    channels.withdraw(finding)
    client.force_login(coordinator)
    response = client.get(finding_url("edit", finding.pk))
    assert response.context["form"].fields["status"].disabled
    client.post(finding_url("edit", finding.pk), moderation(finding, status=FindingStatus.KEPT))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.WITHDRAWN


# Publishing


def test_publishing_is_refused_until_the_finding_is_kept_with_its_public_text(
    client, coordinator, finding
):
    """« Publier » says, in French, what is missing."""
    client.force_login(coordinator)
    response = client.post(finding_url("publier", finding.pk), follow=True)
    assert any("Seul un constat retenu" in message for message in messages_of(response))
    FieldFinding.objects.filter(pk=finding.pk).update(status=FindingStatus.KEPT)
    response = client.post(finding_url("publier", finding.pk), follow=True)
    assert any("Écrivez d'abord son titre public" in message for message in messages_of(response))
    finding.refresh_from_db()
    assert finding.published_at is None
    # The confirmation page says why too.
    assert "Écrivez d'abord son titre public" in words_of(
        client.get(finding_url("publier", finding.pk))
    )


def test_publish_then_take_off_the_site(
    client, coordinator, finding, django_capture_on_commit_callbacks
):
    """« Publier » and « Retirer du site » go through channels.py, once each."""
    kept(finding)
    client.force_login(coordinator)
    confirmation = words_of(client.get(finding_url("publier", finding.pk)))
    assert "Des délais de rendez-vous trop longs" in confirmation and "Oui, publier" in confirmation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(finding_url("publier", finding.pk), follow=True)
    finding.refresh_from_db()
    assert finding.is_public
    assert [message.subject for message in sent_to(finding.email)] == [
        "Votre constat de terrain est publié"
    ]
    assert any("publié" in message for message in messages_of(response))
    assert "En ligne depuis le" in words_of(client.get(finding_url("edit", finding.pk)))
    # Publishing twice changes nothing.
    response = client.post(finding_url("publier", finding.pk), follow=True)
    assert any("déjà en ligne" in message for message in messages_of(response))

    response = client.post(finding_url("retirer", finding.pk), follow=True)
    finding.refresh_from_db()
    assert finding.published_at is None and finding.status == FindingStatus.KEPT
    assert any("retiré du site" in message for message in messages_of(response))
    response = client.post(finding_url("retirer", finding.pk), follow=True)
    assert any("n'est pas en ligne" in message for message in messages_of(response))


# Writing to the author


def test_writing_to_the_author(client, coordinator, finding, django_capture_on_commit_callbacks):
    """« Écrire à l'auteur » stores a team message and e-mails it."""
    client.force_login(coordinator)
    assert client.get(finding_url("ecrire", finding.pk)).status_code == 200
    response = client.post(finding_url("ecrire", finding.pk), {"text": ""})
    assert response.status_code == 200 and "text" in response.context["form"].errors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            finding_url("ecrire", finding.pk),
            {"text": "Pouvez-vous préciser les communes ?"},
            follow=True,
        )
    message = ChannelMessage.objects.get(finding=finding)
    assert message.from_staff and message.author == coordinator
    assert [each.subject for each in sent_to(finding.email)] == ["Un message de l'équipe du C.A.I."]
    assert "Pouvez-vous préciser les communes ?" in words_of(response)  # the thread
    assert client.post(finding_url("ecrire", finding.pk), {"text": "x" * 3001}).status_code == 200
    assert ChannelMessage.objects.filter(finding=finding).count() == 1


# Deleting


def test_deleting_an_online_finding_takes_it_off_the_site_first(
    client, coordinator, finding, django_capture_on_commit_callbacks
):
    """Deleting an online finding leaves no public trace."""
    channels.publish_finding(kept(finding))
    client.force_login(coordinator)
    # « Supprimer » is offered on the finding's page, not in the list.
    assert (
        finding_url("delete", finding.pk)
        in client.get(finding_url("edit", finding.pk)).content.decode()
    )
    assert (
        finding_url("delete", finding.pk) not in client.get(finding_url("index")).content.decode()
    )
    assert "Supprimer définitivement" in words_of(client.get(finding_url("delete", finding.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(finding_url("delete", finding.pk))
    assert response.status_code == 302
    assert not FieldFinding.objects.filter(pk=finding.pk).exists()


# Who may


def test_coordination_handles_the_network_from_its_migration(django_user_model):
    """network's migration 0002 gives Coordination PPLI exactly its permissions."""
    user = coordinator_member(django_user_model, "coord2")
    for codename in [
        "view_fieldfinding",
        "change_fieldfinding",
        "delete_fieldfinding",
        "view_expertiserequest",
        "change_expertiserequest",
        "delete_expertiserequest",
        "view_consultation",
        "add_consultation",
        "change_consultation",
        "view_consultationanswer",
        "change_consultationanswer",
        "delete_consultationanswer",
        "change_networksettings",
    ]:
        assert user.has_perm(f"network.{codename}"), codename
    assert not user.has_perm("network.add_fieldfinding")
    assert not user.has_perm("network.delete_consultation")


def test_staff_without_the_permissions_are_refused(client, django_user_model, finding):
    """A group without the network's permissions reaches none of its screens."""
    user = django_user_model.objects.create_user("redac", "redac@example.org", "x")
    user.groups.add(Group.objects.get(name="Rédaction"))
    client.force_login(user)
    for address in [
        finding_url("index"),
        finding_url("edit", finding.pk),
        finding_url("inspect", finding.pk),
        finding_url("publier", finding.pk),
        finding_url("ecrire", finding.pk),
        finding_url("delete", finding.pk),
        finding_url("create"),
    ]:
        assert refused(client.get(address)), address
    kept(finding)
    assert refused(client.post(finding_url("publier", finding.pk)))
    finding.refresh_from_db()
    assert finding.published_at is None
    assert "ppli-en-action" not in sidebar_items(client.get(DASHBOARD).content.decode())


def test_a_reader_sees_but_does_not_act(client, django_user_model, finding):
    """The view permission lists and inspects, never changes."""
    user = reader_of(django_user_model, "view_fieldfinding")
    client.force_login(user)
    assert client.get(finding_url("index")).status_code == 200
    inspect = client.get(finding_url("inspect", finding.pk))
    assert inspect.status_code == 200 and finding.description in words_of(inspect)
    kept(finding)
    for address in [finding_url("edit", finding.pk), finding_url("ecrire", finding.pk)]:
        assert refused(client.get(address)), address
    assert refused(client.post(finding_url("publier", finding.pk)))
    assert refused(client.post(finding_url("delete", finding.pk)))
    finding.refresh_from_db()
    assert finding.published_at is None


def test_nobody_adds_a_finding_here(admin_client):
    """Not even a superuser adds a finding in the admin."""
    assert refused(admin_client.get(finding_url("create")))


def test_malformed_requests_are_refused_never_a_server_error(client, coordinator, finding):
    """Bad filters and values are a 400 or a form error, never a 500."""
    client.force_login(coordinator)
    assert client.get(finding_url("index") + "?handled_by__password=x").status_code == 400
    assert client.get(finding_url("index") + "?publie=peut-etre").status_code == 400
    assert client.get(finding_url("index") + "?status__exact=nope").status_code == 200
    assert client.get(finding_url("edit", 999999)).status_code == 404
    assert client.post(finding_url("publier", 999999)).status_code == 404
    data = moderation(finding, status="nope", merged_into="abc", thematics=["x"])
    response = client.post(finding_url("edit", finding.pk), data)
    assert response.status_code == 200
    assert {"status", "merged_into", "thematics"} <= set(response.context["form"].errors)


def test_every_network_screen_reads_french(client, coordinator, finding):
    """No English word, no broken French (tests/portal/test_admin_french.py's checks) on any
    of the network's admin screens, for the Coordination PPLI group."""
    # Imported here: these modules import this one's helpers.
    from tests.network.test_dashboard import fill
    from tests.network.test_staff_requests import make_member
    from tests.portal.test_admin_french import problems

    consultation = fill(findings=1, requests=1)
    expertise_request = ExpertiseRequest.objects.order_by("pk").first()
    make_member("Relais Santé", thematics=[expertise_request.thematic])
    channels.add_message(finding, "Une question de l'équipe.", from_staff=True)
    client.force_login(coordinator)
    addresses = [
        DASHBOARD,
        finding_url("index"),
        finding_url("index") + "?status__exact=retenu&publie=non",
        finding_url("index") + "?q=introuvable",
        finding_url("edit", finding.pk),
        finding_url("inspect", finding.pk),
        finding_url("delete", finding.pk),
        finding_url("ecrire", finding.pk),
        finding_url("publier", finding.pk),
        finding_url("retirer", finding.pk),
        request_url("index"),
        request_url("edit", expertise_request.pk),
        request_url("inspect", expertise_request.pk),
        request_url("delete", expertise_request.pk),
        request_url("ecrire", expertise_request.pk),
        consultation_url("index"),
        consultation_url("create"),
        consultation_url("edit", consultation.pk),
        consultation_url("resultats", consultation.pk),
        consultation_url("commentaires", consultation.pk),
        consultation_url("commentaires", consultation.pk) + "?etat=publie",
    ]
    failures = {}
    for address in addresses:
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="fr-be")
        if response.status_code != 200:
            failures[address] = response.status_code
        elif found := problems(response.content.decode()):
            failures[address] = sorted(set(found))
    assert not failures, failures
