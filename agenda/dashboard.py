"""What the sessions' registrations ask for, counted per session: places held, people waiting,
interpreters by language, childcare, step-free access, other needs.

Read by the event's edit page (agenda/panels.py) and by the dashboard's « Prochaines
sessions » panel (here), for the users who may see registrations (`reads_registrations`): a
fixed number of queries whatever the number of sessions and registrations (one for the
sessions and their counts, one for the interpreters' languages).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from home.dashboard import DashboardPanel, guide_url

from .listing import HOLDING, SESSION_ORDER, place_counts
from .models import HOLDING_A_PLACE, EventSession, Registration, RegistrationStatus
from .templatetags.agenda_tags import when

# The permissions of the staff who handle registrations (personal data): reading is enough to
# see the counts; the ModelAdmin (agenda/staff.py) checks the others.
VIEW_PERMISSION = "agenda.view_registration"
CHANGE_PERMISSION = "agenda.change_registration"
# wagtail-modeladmin's names of the registrations' admin views (agenda/staff.py).
URL_NAME = "agenda_registration_modeladmin_{}"
UPCOMING_SESSIONS = 8


def reads_registrations(user):
    """May see the registrations (the groups given the Registration permissions)."""
    return user.has_perm(VIEW_PERMISSION) or user.has_perm(CHANGE_PERMISSION)


def staff_url(action, *args, **params):
    """The address of one of the registrations' admin views, with `params` as its query."""
    url = reverse(URL_NAME.format(action), args=args)
    return f"{url}?{urlencode(params)}" if params else url


@dataclass
class SessionNeeds:
    """One session and what its registrations ask for."""

    session: EventSession
    held: int
    waiting: int
    childcare: int
    step_free: int
    other_needs: int
    interpreters: list = field(default_factory=list)  # [(language, count)], most asked first

    @property
    def label(self):
        """ "Formation X — mardi 3 mars 2027, 9 h 30 – 12 h" (the event is selected with it)."""
        session = self.session
        return f"{session.event.title} — {self.when}"

    @property
    def when(self):
        session = self.session
        return when(session.date, session.start_time, session.end_time)

    @property
    def capacity(self):
        return self.session.capacity

    @property
    def over_capacity(self):
        """More places held than the capacity: staff promoted people by hand."""
        return self.capacity is not None and self.held > self.capacity

    @property
    def list_url(self):
        """The registrations' list, filtered on this session."""
        return staff_url("index", session=self.session.pk)

    @property
    def write_url(self):
        return staff_url("ecrire", self.session.pk)

    @property
    def attendance_url(self):
        return staff_url("presences", self.session.pk)


def with_counts(sessions):
    """`sessions` (an EventSession queryset) annotated with the counts `SessionNeeds` shows."""
    # The needs counted are those of the people who hold a place: they are the ones coming.
    return sessions.select_related("event").annotate(
        **place_counts(),
        childcare=Count("registrations", filter=HOLDING & Q(registrations__childcare=True)),
        step_free=Count("registrations", filter=HOLDING & Q(registrations__step_free=True)),
        other_needs=Count("registrations", filter=HOLDING & ~Q(registrations__other_needs="")),
    )


def interpreter_languages(session_ids):
    """{session id: [(language, count)]}: the interpreters asked for by the people holding a
    place, most asked first; "arabe" and "Arabe " are one language (the first spelling met)."""
    rows = (
        Registration.objects.filter(session_id__in=session_ids, status__in=HOLDING_A_PLACE)
        .exclude(interpreter_language="")
        .order_by("created_at", "pk")
        .values_list("session_id", "interpreter_language")
    )
    counts, spellings = {}, {}
    for session_id, language in rows:
        key = " ".join(language.split()).casefold()
        spellings.setdefault(key, " ".join(language.split()))
        counts.setdefault(session_id, Counter())[key] += 1
    return {
        session_id: [(spellings[key], count) for key, count in counter.most_common()]
        for session_id, counter in counts.items()
    }


def session_needs(sessions, limit=None):
    """A SessionNeeds for each session of `sessions` (a queryset, in its order; the first
    `limit` only when given): two queries, one when there is no session."""
    annotated = with_counts(sessions)
    annotated = list(annotated[:limit] if limit else annotated)
    if not annotated:
        return []
    languages = interpreter_languages([session.pk for session in annotated])
    return [
        SessionNeeds(
            session=session,
            held=session.held,
            waiting=session.waiting,
            childcare=session.childcare,
            step_free=session.step_free,
            other_needs=session.other_needs,
            interpreters=languages.get(session.pk, []),
        )
        for session in annotated
    ]


def event_sessions_needs(event):
    """The needs of each session of `event`, in calendar order."""
    return session_needs(EventSession.objects.filter(event=event).order_by(*SESSION_ORDER))


def upcoming_sessions_needs(limit=UPCOMING_SESSIONS):
    """The needs of the next sessions (from today, not cancelled) that have registrations."""
    active = Registration.objects.filter(session=OuterRef("pk")).exclude(
        status=RegistrationStatus.CANCELLED
    )
    sessions = EventSession.objects.filter(
        Exists(active), cancelled=False, date__gte=timezone.localdate()
    ).order_by(*SESSION_ORDER)
    return session_needs(sessions, limit)


class UpcomingSessionsPanel(DashboardPanel):
    """« Prochaines sessions »: the next sessions with registrations and what they ask for,
    for those who may see registrations."""

    name = "upcoming_sessions"
    template_name = "agenda/admin/dashboard_sessions_panel.html"
    # People are coming: right after the requests waiting for a decision (200).
    order = 205

    def get_panel_data(self, parent_context):
        return {
            "sessions": upcoming_sessions_needs(),
            "all_url": staff_url("index"),
            "help_url": guide_url("inscriptions-aux-evenements"),
        }
