"""The agenda's listings: the upcoming events (the agenda page, the home page, the thematic
pages, the concertation spaces), the past events, and an event's sessions with their places.

An event appears once, dated by its next session, and not once per session: a training cycle
of eight sessions would otherwise fill a whole page of the agenda with the same title, pushing
the other events out of sight. The card says how many other dates follow, and the event's page
lists every session with its places and its registration link. The order is still the
calendar's: by the date, then the start time, of each event's next session.

Every list is a fixed number of SQL queries however many events there are: the next session is
read by subqueries of the events' query, the thematics by one prefetch.
"""

from datetime import time

from django import forms
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, paginate
from taxonomies.models import Audience
from thematiques.models import published_thematics, thematic_choices

from .models import HOLDING_A_PLACE, EventKind, EventPage, EventSession, RegistrationStatus

PER_PAGE = 12
ANY_F = [("", _("Toutes"))]
ANY_M = [("", _("Tous"))]
# The `passes` filter: the upcoming events (no value), or the past ones.
PAST = "1"
PERIOD_CHOICES = [("", _("À venir")), (PAST, _("Passés"))]


# A session's place in the calendar: its day, a whole day before the timed sessions, then the
# editor's order.
SESSION_ORDER = ("date", F("start_time").asc(nulls_first=True), "sort_order")


def today():
    """Today's date in the site's time zone (TIME_ZONE, Brussels), whatever the server's."""
    return timezone.localdate()


def upcoming_sessions():
    """The sessions not cancelled whose date is today or later."""
    return EventSession.objects.filter(cancelled=False, date__gte=today())


def past_sessions():
    """The sessions not cancelled whose date is before today."""
    return EventSession.objects.filter(cancelled=False, date__lt=today())


def with_next_session(events):
    """`events` that have an upcoming session, annotated with the first one (`next_date`,
    `next_start`, `next_end`) and how many upcoming sessions they have (`upcoming_count`),
    in calendar order: subqueries of the one query."""
    sessions = upcoming_sessions().filter(event=OuterRef("pk"))
    first = sessions.order_by(*SESSION_ORDER)
    count = sessions.order_by().values("event").annotate(count=Count("pk")).values("count")[:1]
    return (
        events.filter(Exists(sessions))
        .annotate(
            next_date=Subquery(first.values("date")[:1]),
            next_start=Subquery(first.values("start_time")[:1]),
            next_end=Subquery(first.values("end_time")[:1]),
            upcoming_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        )
        .order_by("next_date", F("next_start").asc(nulls_first=True), "title")
    )


def with_last_session(events):
    """`events` whose sessions are all past (none to come), annotated with their last
    session (`last_date`, `last_start`, `last_end`), newest first."""
    upcoming = upcoming_sessions().filter(event=OuterRef("pk"))
    sessions = past_sessions().filter(event=OuterRef("pk"))
    last = sessions.order_by("-date", F("start_time").desc(nulls_last=True), "-sort_order")
    return (
        events.filter(Exists(sessions))
        .exclude(Exists(upcoming))
        .annotate(
            last_date=Subquery(last.values("date")[:1]),
            last_start=Subquery(last.values("start_time")[:1]),
            last_end=Subquery(last.values("end_time")[:1]),
        )
        .order_by("-last_date", F("last_start").desc(nulls_last=True), "title")
    )


def public_events():
    """The live, public events of the site (one `.public()`: Wagtail reads the view
    restrictions at each call)."""
    return EventPage.objects.live().public()


def for_cards(events):
    """`events` as their cards show them: without their body."""
    return events.defer_streamfields()


def with_thematics(events):
    """`events` with their published thematics, for the agenda's cards (one prefetch); the
    sections of other pages show no tags."""
    return events.prefetch_related(Prefetch("thematics", queryset=published_thematics()))


def upcoming_events_for_thematic(thematic, limit):
    """The `limit` next live public events tagged with `thematic`, as a list."""
    events = with_next_session(public_events().filter(thematics=thematic))
    return list(for_cards(events)[:limit])


def upcoming_events_for_space(space, limit):
    """The `limit` next live public events (meetings) of a concertation space, as a list."""
    events = with_next_session(public_events().filter(concertation_space=space))
    return list(for_cards(events)[:limit])


def upcoming_events_of_kind(kind, limit):
    """The `limit` next live public events of one kind (the « Formations » page), as a list."""
    return list(for_cards(with_next_session(public_events().filter(kind=kind)))[:limit])


def upcoming_events(limit):
    """The `limit` next live public events of the site (the home page), as a list."""
    return list(for_cards(with_next_session(public_events()))[:limit])


class AgendaFilterForm(FilterForm):
    """The agenda's filters, read from the GET URL; an unknown value is dropped and named.

    Each filter offers only the values that a listed event carries: a filter value always
    finds something."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    public = forms.ChoiceField(label=_("Public"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    passes = forms.ChoiceField(label=_("Période"), required=False, choices=PERIOD_CHOICES)

    def __init__(self, data, events):
        super().__init__(data)
        kinds = set(events.order_by().values_list("kind", flat=True).distinct())
        self.fields["type"].choices = ANY_M + [
            (value, label) for value, label in EventKind.choices if value in kinds
        ]
        self.fields["thematique"].choices = ANY_F + thematic_choices(events)
        audiences = Audience.objects.filter(events__in=events.values("pk")).distinct()
        self.fields["public"].choices = ANY_M + [
            (audience.slug, audience.name) for audience in audiences.order_by("name")
        ]
        communes = (
            events.exclude(commune="")
            .order_by("commune")
            .values_list("commune", flat=True)
            .distinct()
        )
        self.fields["commune"].choices = ANY_F + [(commune, commune) for commune in communes]

    def chosen(self):
        """The labels of the valid filters asked for, but the period: « Formation », …"""
        return [
            str(dict(self.fields[name].choices)[value])
            for name, value in self.wanted().items()
            if name != "passes"
        ]


def filtered(events, wanted):
    """`events` narrowed by the recognised filters."""
    if wanted.get("type"):
        events = events.filter(kind=wanted["type"])
    if wanted.get("thematique"):
        events = events.filter(thematics__slug=wanted["thematique"])
    if wanted.get("public"):
        events = events.filter(audiences__slug=wanted["public"])
    if wanted.get("commune"):
        events = events.filter(commune=wanted["commune"])
    return events


def agenda_context(agenda_page, request):
    """The filtered and paginated events of the agenda, upcoming or past (`?passes=1`); odd
    GET values never error."""
    events = public_events().child_of(agenda_page)
    # The filters offer what the asked period lists: read it before the form is built.
    past = request.GET.get("passes") == PAST
    in_period = with_last_session(events) if past else with_next_session(events)
    other_period = with_next_session(events) if past else with_last_session(events)
    form = AgendaFilterForm(request.GET, in_period)
    wanted = form.wanted()
    listed = with_thematics(for_cards(filtered(in_period, wanted)))
    results = paginate(listed, PER_PAGE, request)
    # A period's filters are on when they name something else than the upcoming events.
    active = {name: value for name, value in wanted.items() if name != "passes"}
    # A link to the other period, keeping the other filters: the archive is linkable.
    other = dict(active)
    if not past:
        other["passes"] = PAST
    return {
        "agenda_form": form,
        "agenda_results": results,
        "agenda_past": past,
        "agenda_filters_active": bool(active),
        "agenda_chosen": form.chosen(),
        "agenda_ignored": form.ignored,
        # Only the filters actually applied travel to the other pages of results.
        "agenda_query_string": urlencode(wanted),
        "agenda_other_period": other_period.exists(),
        "agenda_other_period_query": urlencode(other),
    }


def sessions_with_places(event):
    """The event's sessions in calendar order, each with `places_left` (its capacity less
    the registrations holding a place; None without a capacity) and `waiting` (the people on
    its waiting list): one query."""
    return [with_places(session, session.held) for session in counted_sessions(event=event)]


def counted_sessions(**filters):
    """The sessions matching `filters`, in calendar order, annotated with the places `held`
    and the people `waiting`."""
    return (
        EventSession.objects.filter(**filters).annotate(**place_counts()).order_by(*SESSION_ORDER)
    )


# The registrations that hold one of a session's places (confirmed, or offered while the offer
# runs), as a filter of the sessions' query.
HOLDING = Q(registrations__status__in=HOLDING_A_PLACE)


def place_counts():
    """The annotations of a session's places `held` and people `waiting` (for a sessions'
    query: the event page, the registration form, staff's counts)."""
    return {
        "held": Count("registrations", filter=HOLDING),
        "waiting": Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
        ),
    }


def with_places(session, held):
    """`session` with its `places_left` set from the `held` places."""
    session.places_left = None if session.capacity is None else max(session.capacity - held, 0)
    return session


def calendar_order(sessions):
    """`sessions` in calendar order (SESSION_ORDER, in Python): by day, a whole day first,
    then by start time; for rows not in the database (a preview's edit form)."""
    return sorted(
        sessions,
        key=lambda session: (
            session.date,
            session.start_time is not None,
            session.start_time or time.min,
            session.sort_order or 0,
        ),
    )


def preview_sessions(event):
    """An event's sessions as a preview shows them: those of the edit form, not saved yet,
    with their whole capacity."""
    return [with_places(session, 0) for session in calendar_order(event.sessions.all())]
