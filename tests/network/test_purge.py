"""The network's retention (manage.py purge_network_data, network/retention.py) and a person's
data on request (manage.py network_person_data): senders' data erased after the period while
the published findings stay as they are, closed requests deleted, a closed consultation's
addresses anonymised while its answers still count, expired sendings and links deleted; the
privacy page states the periods."""

import io
import json
from datetime import timedelta
from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from network import channels
from network.models import (
    ChannelMessage,
    Commune,
    ConsultationAnswer,
    ConsultationParticipant,
    ConsultationSubmission,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    FollowUpLink,
    PublishedFinding,
    RequestStatus,
)
from network.retention import ANONYMOUS_PREFIX, DAYS_PER_MONTH
from tests.network.test_channels import (
    make_finding,
    make_request,
    open_consultation,
    sending,
    submitted_token,
    summarised,
)

pytestmark = pytest.mark.django_db

SENDER_FIELDS = ("contact_name", "email", "phone", "description", "since", "links")


def months_ago(months, days=0):
    """A moment `months` months (of 30 days) and `days` days ago."""
    return timezone.now() - timedelta(days=months * DAYS_PER_MONTH + days)


def purge(*args):
    """Run the command; its output."""
    out = io.StringIO()
    call_command("purge_network_data", *args, stdout=out)
    return out.getvalue()


def closed_finding(n, status, closed_at, **extra):
    """A finding moderated to `status`, closed at `closed_at`, with a message."""
    finding = make_finding(n, **extra)
    channels.add_message(finding, f"Une question sur le constat {n}.", from_staff=True)
    FieldFinding.objects.filter(pk=finding.pk).update(status=status, closed_at=closed_at)
    return finding


def published_finding(n, published_at):
    """A kept finding, published at `published_at`, tagged with Namur."""
    finding = summarised(make_finding(n, communes=[Commune.objects.get(name="Namur")]))
    channels.publish_finding(finding, when=published_at)
    return finding


def request_in(n, status, changed_at):
    """A request in `status` since `changed_at`, with a message."""
    expertise_request = make_request(n)
    channels.add_message(expertise_request, "Merci pour votre demande.", from_staff=True)
    ExpertiseRequest.objects.filter(pk=expertise_request.pk).update(
        status=status, status_changed_at=changed_at
    )
    return expertise_request


def is_erased(finding):
    finding.refresh_from_db()
    return all(getattr(finding, field) == "" for field in SENDER_FIELDS)


def test_a_findings_sender_is_erased_after_the_period_its_public_text_stays(settings):
    settings.NETWORK_RETENTION_MONTHS = 24
    old_not_kept = closed_finding(1, FindingStatus.NOT_KEPT, months_ago(24, 1))
    old_withdrawn = closed_finding(2, FindingStatus.WITHDRAWN, months_ago(25))
    recent_merged = closed_finding(3, FindingStatus.MERGED, months_ago(23))
    old_published = published_finding(4, months_ago(30))
    ChannelMessage.objects.create(finding=old_published, text="Merci !", from_staff=True)
    recent_published = published_finding(5, months_ago(12))
    # Still being handled, however old: never erased.
    received = make_finding(6)
    kept = summarised(make_finding(7))
    FieldFinding.objects.filter(pk__in=[received.pk, kept.pk]).update(created_at=months_ago(60))

    output = purge()

    assert "3 constat(s) de terrain clôturé(s) ou publié(s) depuis plus de 24 mois" in output
    assert [is_erased(f) for f in (old_not_kept, old_withdrawn, old_published)] == [True] * 3
    assert not any(is_erased(f) for f in (recent_merged, recent_published, received, kept))
    assert not ChannelMessage.objects.filter(
        finding__in=[old_not_kept, old_withdrawn, old_published]
    ).exists()
    assert ChannelMessage.objects.filter(finding=recent_merged).count() == 1
    # What the public sees does not change: the same findings, titles, summaries and tags.
    assert set(PublishedFinding.objects.all()) == {old_published, recent_published}
    old_published.refresh_from_db()
    assert old_published.public_title and old_published.public_summary
    assert old_published.organisation == "Maison médicale du Centre"
    assert list(old_published.communes.values_list("name", flat=True)) == ["Namur"]
    # Erased once: the next night finds nothing more.
    assert "0 constat(s) de terrain" in purge()


def test_closed_requests_go_with_their_messages_after_the_period(settings):
    settings.NETWORK_RETENTION_MONTHS = 24
    gone = [
        request_in(1, RequestStatus.CLOSED, months_ago(24, 1)),
        request_in(2, RequestStatus.WITHDRAWN, months_ago(36)),
    ]
    kept = [
        request_in(3, RequestStatus.CLOSED, months_ago(23)),
        # Answered but never closed, or still open: staff are not done with them.
        request_in(4, RequestStatus.ANSWERED, months_ago(36)),
        request_in(5, RequestStatus.RECEIVED, months_ago(36)),
    ]
    output = purge()
    assert "2 demande(s) d'expertise clôturée(s) ou retirée(s) depuis plus de 24 mois" in output
    assert set(ExpertiseRequest.objects.all()) == set(kept)
    assert not ChannelMessage.objects.filter(request__pk__in=[r.pk for r in gone]).exists()
    assert ChannelMessage.objects.filter(request__isnull=False).count() == 3


def test_a_closed_consultations_addresses_are_anonymised_its_answers_stay(settings):
    settings.NETWORK_CONSULTATION_RETENTION_MONTHS = 6
    consultation = open_consultation()
    for n in range(3):
        token = submitted_token(
            consultation, f"membre{n}@example.org", sending(consultation, ["actuel", "nuancer"])
        )
        channels.confirm(token)
    answers = ConsultationAnswer.objects.order_by("pk")
    published, pending, refused = answers[0], answers[1], answers[2]
    for answer, status in ((published, "publie"), (pending, "attente"), (refused, "refuse")):
        answer.comment, answer.comment_status = "Un commentaire", status
        answer.save()
    verdicts = list(answers.values_list("item", "verdict"))
    # Closed six months and a day ago.
    last_day = timezone.localdate() - timedelta(days=6 * DAYS_PER_MONTH + 1)
    consultation.opens_on, consultation.closes_on = last_day - timedelta(days=30), last_day
    consultation.save()

    output = purge()

    assert "3 adresse(s) des participants aux consultations closes depuis plus de 6 mois" in (
        output
    )
    assert "2 commentaire(s) non publié(s)" in output
    participants = ConsultationParticipant.objects.filter(consultation=consultation)
    assert sorted(participants.values_list("email", flat=True)) == sorted(
        f"{ANONYMOUS_PREFIX}{p.pk}" for p in participants
    )
    assert list(answers.values_list("item", "verdict")) == verdicts  # the results stand
    assert list(answers.exclude(comment="")) == [published]
    assert not ConsultationSubmission.objects.exists()  # their sendings as typed
    assert not channels.address_is_known("membre0@example.org")
    assert "0 adresse(s) des participants" in purge()


def test_a_consultation_closed_recently_keeps_its_addresses(settings):
    settings.NETWORK_CONSULTATION_RETENTION_MONTHS = 6
    consultation = open_consultation()
    channels.confirm(
        submitted_token(consultation, "membre@example.org", sending(consultation, ["actuel"]))
    )
    consultation.closes_on = timezone.localdate() - timedelta(days=6 * DAYS_PER_MONTH - 1)
    consultation.opens_on = consultation.closes_on - timedelta(days=30)
    consultation.save()
    purge()
    assert ConsultationParticipant.objects.get().email == "membre@example.org"


def test_expired_sendings_and_links_go_the_others_stay(settings):
    consultation = open_consultation()
    expired = channels.submit_answers(
        consultation, "oubli@example.org", sending(consultation, ["actuel"])
    )
    waiting = channels.submit_answers(
        consultation, "attente@example.org", sending(consultation, ["actuel"])
    )
    confirmed = channels.submit_answers(
        consultation, "faite@example.org", sending(consultation, ["actuel"])
    )
    channels.confirm(channels.confirmation_token(confirmed))
    make_finding(1)
    old_link = channels.send_follow_up_link("personne1@example.org")
    new_link = channels.send_follow_up_link("personne1@example.org")
    past = timezone.now() - timedelta(minutes=1)
    ConsultationSubmission.objects.filter(pk__in=[expired.pk, confirmed.pk]).update(
        token_expires=past
    )
    FollowUpLink.objects.filter(pk=old_link.pk).update(token_expires=past)
    # The address that never confirmed is older than a link's lifetime: it goes too.
    ConsultationParticipant.objects.filter(email="oubli@example.org").update(
        created_at=timezone.now() - timedelta(days=settings.NETWORK_CONFIRM_DAYS + 1)
    )

    output = purge()

    assert "1 envoi(s) à la consultation jamais confirmé(s)" in output
    assert "1 adresse(s) sans réponse confirmée ni envoi en attente supprimée(s)" in output
    assert "1 lien(s) de suivi expiré(s) supprimé(s)" in output
    assert set(ConsultationSubmission.objects.all()) == {waiting, confirmed}
    assert set(ConsultationParticipant.objects.values_list("email", flat=True)) == {
        "attente@example.org",
        "faite@example.org",
    }
    assert list(FollowUpLink.objects.all()) == [new_link]


def test_a_dry_run_changes_nothing_and_the_periods_follow_the_settings(settings):
    settings.NETWORK_RETENTION_MONTHS = 3
    finding = closed_finding(1, FindingStatus.NOT_KEPT, months_ago(3, 1))
    output = purge("--dry-run")
    assert "Simulation, rien n'est changé : 1 constat(s) de terrain" in output
    assert not is_erased(finding)
    assert "0 constat(s)" in purge("--months", "4")
    purge()
    assert is_erased(finding)


def test_the_periods_must_be_at_least_a_month():
    with pytest.raises(CommandError):
        purge("--months", "0")


def test_the_privacy_page_states_the_networks_periods(client, settings):
    settings.NETWORK_RETENTION_MONTHS = 18
    settings.NETWORK_CONSULTATION_RETENTION_MONTHS = 4
    settings.NETWORK_CONFIRM_DAYS = 5
    settings.NETWORK_LINK_DAYS = 9
    html = unescape(client.get("/protection-des-donnees/").content.decode())
    # (The page's typography changes the apostrophes and the spaces before a colon.)
    assert "nom, coordonnées et texte de la personne qui les envoie" in html
    assert "expertise et leurs messages" in html
    assert "Adresses e-mail des personnes qui ont répondu à une consultation" in html
    assert html.count("<td>18 mois</td>") == 2
    for period in ("4 mois", "5 jours", "9 jours"):
        assert f"<td>{period}</td>" in html, period


# One person's data, on request.


def person_data(*args, **kwargs):
    """Run network_person_data; its output."""
    out = io.StringIO()
    call_command("network_person_data", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_a_persons_data_is_exported_as_json():
    make_finding(1)
    make_request(1, email="personne1@example.org")
    consultation = open_consultation()
    channels.confirm(
        submitted_token(consultation, "personne1@example.org", sending(consultation, ["actuel"]))
    )
    make_finding(2)
    link = channels.send_follow_up_link("personne1@example.org")

    data = json.loads(person_data("Personne1@Example.org", "--export"))

    assert [f["personne_de_contact"] for f in data["constats_de_terrain"]] == ["Personne 1"]
    assert [r["nom"] for r in data["demandes_d_expertise"]] == ["Demandeur 1"]
    assert len(data["consultations"]) == 1
    assert len(data["liens_de_suivi_demandes"]) == 1
    exported = json.dumps(data)
    assert channels.follow_up_token(link) not in exported
    assert link.token_salt not in exported
    assert "Personne 2" not in exported


def test_a_persons_data_is_erased_on_request():
    finding = published_finding(1, timezone.now())
    make_request(1, email="personne1@example.org")
    other_request = make_request(2)
    open_one = open_consultation()
    channels.confirm(
        submitted_token(open_one, "personne1@example.org", sending(open_one, ["actuel"], "Oui"))
    )
    channels.confirm(
        submitted_token(open_one, "personne2@example.org", sending(open_one, ["nuancer"]))
    )
    channels.send_follow_up_link("personne1@example.org")

    output = person_data("personne1@example.org", "--delete", "--yes")

    assert "1 constat(s) de terrain : coordonnées et texte effacés." in output
    assert "1 demande(s) d'expertise supprimée(s)." in output
    assert "1 réponse(s) à une consultation en cours supprimée(s)." in output
    assert is_erased(finding)
    assert list(PublishedFinding.objects.all()) == [finding]  # its public summary stays
    assert list(ExpertiseRequest.objects.all()) == [other_request]
    assert not FollowUpLink.objects.exists()
    # The consultation is still open: the answer goes, the person may answer again.
    assert list(ConsultationParticipant.objects.values_list("email", flat=True)) == [
        "personne2@example.org"
    ]
    assert not channels.address_is_known("personne1@example.org")


def test_a_closed_consultations_answers_are_anonymised_on_request():
    consultation = open_consultation()
    channels.confirm(
        submitted_token(
            consultation, "membre@example.org", sending(consultation, ["actuel"], "Mon avis")
        )
    )
    consultation.opens_on = timezone.localdate() - timedelta(days=30)
    consultation.closes_on = timezone.localdate() - timedelta(days=1)
    consultation.save()
    output = person_data("membre@example.org", "--delete", "--yes")
    assert "1 participation(s) à une consultation close anonymisée(s)." in output
    answer = ConsultationAnswer.objects.get()
    assert answer.verdict == "actuel"  # still counted in the published results
    assert answer.comment == ""
    assert answer.participant.email == f"{ANONYMOUS_PREFIX}{answer.participant.pk}"
    assert not ConsultationSubmission.objects.exists()


def test_nothing_is_erased_without_a_yes(monkeypatch):
    finding = make_finding(1)
    monkeypatch.setattr("builtins.input", lambda question: "non")
    with pytest.raises(CommandError):
        person_data("personne1@example.org", "--delete")
    assert not is_erased(finding)
    monkeypatch.setattr("builtins.input", lambda question: "oui")
    person_data("personne1@example.org", "--delete")
    assert is_erased(finding)


def test_an_address_is_required():
    with pytest.raises(CommandError):
        person_data("pas une adresse", "--export")
