"""The network's panels on the staff's dashboard (Wagtail's admin home), each for the users
who may see what it counts (the Coordination PPLI group, network/migrations/0002):

- « Constats à modérer »: the findings received and not yet moderated, the oldest first, and
  the kept ones not yet published;
- « Demandes d'expertise »: the requests per status, the urgent ones, and how long the oldest
  open one has waited;
- « Consultation »: the current consultation, its dates, its answers and its comments to
  moderate.

Each panel costs a fixed number of queries, whatever the number of records.
"""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst

from home.dashboard import BRUSSELS, DashboardPanel, french_count

from .models import (
    OPEN_REQUEST_STATUSES,
    REQUEST_PROGRESS,
    CommentStatus,
    Consultation,
    ConsultationAnswer,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    Urgency,
)

# wagtail-modeladmin's names of the network's admin views (network/staff.py).
URL_NAMES = {
    "finding": "network_fieldfinding_modeladmin_{}",
    "request": "network_expertiserequest_modeladmin_{}",
    "consultation": "network_consultation_modeladmin_{}",
}
PERMISSIONS = {
    "finding": ("network.view_fieldfinding", "network.change_fieldfinding"),
    "request": ("network.view_expertiserequest", "network.change_expertiserequest"),
    "consultation": ("network.view_consultation", "network.change_consultation"),
}
OLDEST_FINDINGS = 5
# The list's filter that shows the kept findings not yet on the site (network/staff.py).
PUBLISHED_PARAMETER = "publie"


def staff_url(kind, action, *args, **params):
    """The address of one of the network's admin views, with `params` as its query."""
    url = reverse(URL_NAMES[kind].format(action), args=args)
    return f"{url}?{urlencode(params)}" if params else url


def may_see(kind):
    """The test of who sees the panel of `kind`: a view or change permission on its model."""

    def shown_to(user):
        """Whether `user` has the view or change permission."""
        return any(user.has_perm(permission) for permission in PERMISSIONS[kind])

    return shown_to


reads_findings = may_see("finding")
reads_requests = may_see("request")
reads_consultations = may_see("consultation")


def brussels_day(value):
    """A date as the panels write it, in Brussels time: « 3 mars 2027 »."""
    return date_format(timezone.localtime(value, BRUSSELS), "j F Y")


def days_since(value):
    """Whole days since `value`, on Brussels' calendar."""
    today = timezone.localdate(timezone=BRUSSELS)
    return (today - timezone.localtime(value, BRUSSELS).date()).days


def waited(days):
    """ "aujourd'hui", "1 jour", "12 jours"."""
    if days <= 0:
        return "aujourd'hui"
    return french_count(days, "jour", "jours")


def description_excerpt(finding, length=90):
    """The first words of what a finding's sender wrote (staff only), on one line."""
    text = " ".join(finding.description.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def consultation_state(consultation, today=None):
    """ "Brouillon (sans dates)", "À venir", "Ouverte", "Close"."""
    today = today or timezone.localdate()
    if not (consultation.opens_on and consultation.closes_on):
        return "Brouillon (sans dates)"
    if consultation.is_open(today):
        return "Ouverte"
    if consultation.is_closed(today):
        return "Close"
    return "À venir"


def consultation_period(consultation):
    """ "du 1 mars 2027 au 31 mars 2027"; "" without dates."""
    if not (consultation.opens_on and consultation.closes_on):
        return ""
    return (
        f"du {date_format(consultation.opens_on, 'j F Y')} "
        f"au {date_format(consultation.closes_on, 'j F Y')}"
    )


def received_ago(value):
    """ "reçue aujourd'hui", "reçue il y a 3 jours" (a request)."""
    days = days_since(value)
    return "reçue aujourd'hui" if days <= 0 else f"reçue il y a {waited(days)}"


class FindingsPanel(DashboardPanel):
    """« Constats à modérer »: how many wait, the oldest ones, and the kept ones not yet
    online. Two queries (one when none waits)."""

    name = "findings_to_moderate"
    template_name = "network/admin/dashboard_findings_panel.html"
    # The network's senders are waiting: right after the sign-ups (200).
    order = 201

    def get_panel_data(self, parent_context):
        """The findings' counts and the oldest waiting ones."""
        counts = FieldFinding.objects.aggregate(
            received=Count("pk", filter=Q(status=FindingStatus.RECEIVED)),
            unpublished=Count("pk", filter=Q(status=FindingStatus.KEPT, published_at__isnull=True)),
        )
        oldest = []
        if counts["received"]:
            oldest = [
                {
                    "label": finding.public_title or description_excerpt(finding, 60),
                    "organisation": finding.organisation,
                    "url": staff_url("finding", "edit", finding.pk),
                    "date": brussels_day(finding.created_at),
                    "iso": finding.created_at.isoformat(),
                    "waited": waited(days_since(finding.created_at)),
                }
                for finding in FieldFinding.objects.filter(status=FindingStatus.RECEIVED).order_by(
                    "created_at", "pk"
                )[:OLDEST_FINDINGS]
            ]
        return {
            "count": counts["received"],
            "label": french_count(counts["received"], "constat à modérer", "constats à modérer"),
            "url": staff_url("finding", "index", status__exact=FindingStatus.RECEIVED.value),
            "oldest": oldest,
            "unpublished": counts["unpublished"],
            "unpublished_label": french_count(
                counts["unpublished"],
                "constat retenu pas encore publié",
                "constats retenus pas encore publiés",
            ),
            "unpublished_url": staff_url(
                "finding",
                "index",
                status__exact=FindingStatus.KEPT.value,
                **{PUBLISHED_PARAMETER: "non"},
            ),
            "all_url": staff_url("finding", "index"),
        }


class RequestsPanel(DashboardPanel):
    """« Demandes d'expertise »: the count per status (each a link to the filtered list), the
    urgent open ones, and how long the oldest open one has waited. Two queries (one when none
    is open)."""

    name = "expertise_requests"
    template_name = "network/admin/dashboard_requests_panel.html"
    order = 202

    def get_panel_data(self, parent_context):
        """The requests' counts per status and the oldest open one."""
        is_open = Q(status__in=OPEN_REQUEST_STATUSES)
        counts = ExpertiseRequest.objects.aggregate(
            **{status.value: Count("pk", filter=Q(status=status)) for status in REQUEST_PROGRESS},
            open=Count("pk", filter=is_open),
            urgent=Count("pk", filter=is_open & Q(urgency=Urgency.WEEK)),
        )
        oldest = None
        if counts["open"]:
            request = (
                ExpertiseRequest.objects.filter(is_open)
                .order_by("created_at", "pk")
                .only("pk", "name", "created_at")
                .first()
            )
            days = days_since(request.created_at)
            oldest = {
                "url": staff_url("request", "edit", request.pk),
                "today": days <= 0,
                "label": str(request),
                "waited": waited(days),
                "date": brussels_day(request.created_at),
                "iso": request.created_at.isoformat(),
            }
        return {
            "statuses": [
                {
                    "label": capfirst(status.label),
                    "count": counts[status.value],
                    "url": staff_url("request", "index", status__exact=status.value),
                    "open": status in OPEN_REQUEST_STATUSES,
                }
                for status in REQUEST_PROGRESS
            ],
            "open": counts["open"],
            "open_label": french_count(counts["open"], "demande ouverte", "demandes ouvertes"),
            "urgent": counts["urgent"],
            "urgent_url": staff_url("request", "index", urgency__exact=Urgency.WEEK.value),
            "oldest": oldest,
            "all_url": staff_url("request", "index"),
        }


def shown_consultation():
    """The consultation the panel shows: the one the public page shows (the latest with dates,
    channels.current_consultation), else the latest draft. One query."""
    dated = ExpressionWrapper(
        Q(opens_on__isnull=False, closes_on__isnull=False), output_field=BooleanField()
    )
    return (
        Consultation.objects.annotate(dated=dated)
        .order_by("-dated", F("opens_on").desc(nulls_last=True), "-pk")
        .first()
    )


class ConsultationPanel(DashboardPanel):
    """« Consultation »: the current consultation's dates and state, how many people
    answered, its comments to moderate. Two queries."""

    name = "network_consultation"
    template_name = "network/admin/dashboard_consultation_panel.html"
    order = 203

    def get_panel_data(self, parent_context):
        """The consultation, its state, dates and counts, and its links."""
        consultation = shown_consultation()
        if consultation is None:
            return {"consultation": None, "create_url": staff_url("consultation", "create")}
        counts = ConsultationAnswer.objects.filter(item__consultation=consultation).aggregate(
            answers=Count("pk"),
            participants=Count("participant", distinct=True),
            pending=Count("pk", filter=Q(comment_status=CommentStatus.PENDING) & ~Q(comment="")),
        )
        user = parent_context["request"].user
        return {
            "consultation": consultation,
            "state": consultation_state(consultation),
            "period": consultation_period(consultation),
            "participants": french_count(
                counts["participants"], "personne a répondu", "personnes ont répondu"
            ),
            "answers": french_count(counts["answers"], "réponse", "réponses"),
            "pending": counts["pending"],
            "pending_label": french_count(
                counts["pending"], "commentaire à modérer", "commentaires à modérer"
            ),
            "results_url": staff_url("consultation", "resultats", consultation.pk),
            "comments_url": staff_url("consultation", "commentaires", consultation.pk),
            "edit_url": staff_url("consultation", "edit", consultation.pk),
            "can_moderate": user.has_perm("network.change_consultationanswer"),
            "can_edit": user.has_perm("network.change_consultation"),
        }
