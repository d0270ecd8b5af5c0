"""Everything the network stores about one e-mail address, as plain data (JSON-ready): what a
person downloads from their follow-up page (`<token>/donnees.json`), and what staff export
when someone asks for their data.

`person_data` only reads: it writes nothing, sends nothing and knows no request. Its keys are
French, as the person reads them. Left out: the links' tokens and their salts (a working link
is a key, never data), and the staff's own notes and names (they are about the team's work).
"""

from django.db.models import Prefetch
from django.utils import timezone

from .channels import normalise_email
from .models import (
    ConsultationAnswer,
    ConsultationItem,
    ConsultationParticipant,
    ConsultationSubmission,
    ExpertiseRequest,
    FieldFinding,
    FollowUpLink,
    Verdict,
)


def moment(value):
    """A date and time in the site's time (Brussels), ISO 8601; None stays None."""
    return timezone.localtime(value).isoformat() if value else None


def day(value):
    """A date, ISO 8601; None stays None."""
    return value.isoformat() if value else None


def messages(record):
    """A finding's or a request's messages, oldest first (prefetched)."""
    return [
        {
            "envoye_le": moment(message.created_at),
            "de": "l'équipe du C.A.I." if message.from_staff else "vous",
            "texte": message.text,
        }
        for message in record.messages.all()
    ]


def names(objects, attribute="name"):
    """The names of prefetched related objects, alphabetically."""
    return sorted((getattr(obj, attribute) for obj in objects), key=str.casefold)


def finding_data(finding):
    """One finding as its sender gave it, with what became of it."""
    return {
        "numero": finding.pk,
        "recu_le": moment(finding.created_at),
        "organisation": finding.organisation,
        "personne_de_contact": finding.contact_name,
        "telephone": finding.phone,
        "communes": names(finding.communes.all()),
        "toute_la_province": finding.province_wide,
        "axes": names(finding.axes.all(), "title"),
        "thematiques": names(finding.thematics.all(), "title"),
        "publics_concernes": names(finding.audiences.all()),
        "autres_publics": finding.audiences_other,
        "constat": finding.description,
        "depuis_quand": finding.since,
        "liens": [line for line in finding.links.splitlines() if line.strip()],
        "consentement_donne_le": moment(finding.consent_at),
        "etat": str(finding.get_status_display()),
        "fusionne_dans_le_constat": finding.merged_into_id,
        "titre_public": finding.public_title,
        "resume_public": finding.public_summary,
        "publie_le": moment(finding.published_at),
        "cloture_le": moment(finding.closed_at),
        "messages": messages(finding),
    }


def request_data(expertise_request):
    """One expertise request as its sender gave it, with what became of it."""
    return {
        "numero": expertise_request.pk,
        "recue_le": moment(expertise_request.created_at),
        "nom": expertise_request.name,
        "organisation": expertise_request.organisation,
        "telephone": expertise_request.phone,
        "contexte": expertise_request.context,
        "question": expertise_request.question,
        "thematique": expertise_request.thematic.title if expertise_request.thematic else None,
        "commune": expertise_request.commune.name if expertise_request.commune else None,
        "urgence": str(expertise_request.get_urgency_display()),
        "qui_est_concerne": expertise_request.concerned,
        "consentement_donne_le": moment(expertise_request.consent_at),
        "etat": str(expertise_request.get_status_display()),
        "etat_change_le": moment(expertise_request.status_changed_at),
        "messages": messages(expertise_request),
    }


def item_label(item):
    """An item as the person answered it: its number and its text."""
    return {"numero": item.number, "texte": item.text}


def verdict_label(value):
    """A verdict's French label (« À nuancer »), or the stored value if it is no verdict."""
    return str(Verdict(value).label) if value in Verdict.values else value


def sent_answers(submission, items):
    """A sending's answers, with their items (`items`: {pk: item}); an item removed since is
    named by nothing but the answer."""
    answers = []
    for answer in submission.answers:
        item = items.get(answer.get("item"))
        answers.append(
            {
                "item": item_label(item) if item else None,
                "avis": verdict_label(answer.get("verdict")),
                "commentaire": answer.get("comment", ""),
            }
        )
    return answers


def participation_data(participant, items):
    """One consultation: the counted answers, and every sending with its confirmation."""
    return {
        "consultation": participant.consultation.title,
        "premiere_reponse_le": moment(participant.created_at),
        "reponses_comptees": [
            {
                "item": item_label(answer.item),
                "avis": str(answer.get_verdict_display()),
                "commentaire": answer.comment,
                "commentaire_publie": answer.comment_status == "publie",
                "confirmee_le": moment(answer.answered_at),
            }
            for answer in participant.answers.all()
        ],
        "envois": [
            {
                "envoye_le": moment(submission.created_at),
                "confirme_le": moment(submission.confirmed_at),
                "lien_valable_jusqu_au": moment(submission.token_expires),
                "reponses": sent_answers(submission, items),
            }
            for submission in participant.submissions.all()
        ],
    }


def person_data(email):
    """Everything stored about `email`: its findings, expertise requests (with their
    messages), consultation answers and sendings, and the follow-up links asked. A fixed
    number of queries, whatever the person sent."""
    email = normalise_email(email)
    findings = (
        FieldFinding.objects.filter(email=email)
        .prefetch_related("communes", "axes", "thematics", "audiences", "messages")
        .order_by("created_at", "pk")
    )
    requests = (
        ExpertiseRequest.objects.filter(email=email)
        .select_related("thematic", "commune")
        .prefetch_related("messages")
        .order_by("created_at", "pk")
    )
    participants = list(
        ConsultationParticipant.objects.filter(email=email)
        .select_related("consultation")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ConsultationAnswer.objects.select_related("item").order_by(
                    "item__position", "item__pk"
                ),
            ),
            Prefetch(
                "submissions",
                queryset=ConsultationSubmission.objects.order_by("created_at", "pk"),
            ),
        )
        .order_by("created_at", "pk")
    )
    items = {
        item.pk: item
        for item in ConsultationItem.objects.filter(
            consultation__in=[participant.consultation_id for participant in participants]
        )
    }
    links = FollowUpLink.objects.filter(email=email).order_by("created_at", "pk")
    return {
        "adresse_e_mail": email,
        "constats_de_terrain": [finding_data(finding) for finding in findings],
        "demandes_d_expertise": [request_data(request) for request in requests],
        "consultations": [participation_data(participant, items) for participant in participants],
        "liens_de_suivi_demandes": [
            {"demande_le": moment(link.created_at), "valable_jusqu_au": moment(link.token_expires)}
            for link in links
        ],
    }
