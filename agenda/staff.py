"""« Inscriptions aux événements » in the admin, a wagtail-modeladmin `ModelAdmin`, as the PPLI's
sign-ups (ppli/signup_admin.py): the list (event, session, status, place in the waiting list,
person, contact, needs, attendance), filters by session and status, search, exports; register
someone on their behalf, change their details; cancel, promote, take attendance, write to a
session's participants (agenda/staff_views.py).

Registrations hold personal data: only the groups given the Registration permissions see them
(view: the list, exports, counts; add: register someone; change: edit and every action). No one
deletes one here: a cancellation keeps the record, and a place only moves through
agenda/registrations.py.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.urls import re_path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from wagtail import hooks
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from core.request_cache import once_per_request
from core.spreadsheets import NeutralisedCsvExportMixin
from home.dashboard import show_on_dashboard
from home.exports import with_brussels_datetimes

from . import dashboard
from .models import EventSession, Registration, RegistrationStatus
from .panels import SESSION_NEEDS_HOOK
from .registrations import PROMOTABLE
from .staff_views import (
    AttendanceView,
    CancelView,
    PromoteView,
    StaffCreateView,
    StaffEditView,
    WriteView,
    session_label,
)
from .templatetags.agenda_tags import heure

SEARCH_PLACEHOLDER = "Nom, e-mail ou organisation"
BAD_FILTER = "Filtre inconnu ou valeur invalide dans l'adresse de la liste des inscriptions."
# The list's filters, as they appear in its address (any other lookup is refused).
FILTER_PARAMETERS = {"session", "status", "status__exact"}
ATTENDANCE_LABELS = {True: "Présent·e", False: "Absent·e", None: ""}
EXPORT_HEADINGS = {
    "event": "Événement",
    "session_date": "Date de la session",
    "session_time": "Heure",
    "status": "Statut",
    "position": "Position en liste d'attente",
    "name": "Nom",
    "organisation": "Organisation",
    "email": "E-mail",
    "phone": "Téléphone",
    "interpreter_language": "Interprète (langue)",
    "childcare": "Garde d'enfants",
    "step_free": "Accès sans marche",
    "other_needs": "Autres besoins",
    "attended": "Présence",
    "created_at": "Reçue le",
    "registered_by": "Inscrit·e par",
}


def with_waiting_position(queryset):
    """`queryset` annotated with `waiting_position`: 1 for the first person waiting in their
    session, 2 for the next…, None when not waiting. One subquery in the list's own query,
    the same order as agenda/follow.py's `waiting_position` (time of registration, then id)."""
    ahead = (
        Registration.objects.filter(
            session_id=OuterRef("session_id"), status=RegistrationStatus.WAITING
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("session_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        waiting_position=Case(
            When(status=RegistrationStatus.WAITING, then=Subquery(ahead)), default=None
        )
    )


def needs_label(registration):
    """ "Interprète (arabe), garde d'enfants, accès sans marche, autre : …"; "" for none."""
    needs = []
    if registration.interpreter_language:
        needs.append(f"interprète ({registration.interpreter_language})")
    if registration.childcare:
        needs.append("garde d'enfants")
    if registration.step_free:
        needs.append("accès sans marche")
    if registration.other_needs:
        needs.append(f"autre : {registration.other_needs}")
    return capfirst(", ".join(needs))


def person_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def export_row(registration):
    """One registration as the exports write it (French words, no code)."""
    session = registration.session
    return {
        "event": session.event.title,
        "session_date": session.date,
        "session_time": heure(session.start_time),
        "status": capfirst(registration.get_status_display()),
        "position": registration.waiting_position,
        "name": registration.name,
        "organisation": registration.organisation,
        "email": registration.email,
        "phone": registration.phone,
        "interpreter_language": registration.interpreter_language,
        "childcare": "Oui" if registration.childcare else "Non",
        "step_free": "Oui" if registration.step_free else "Non",
        "other_needs": registration.other_needs,
        "attended": ATTENDANCE_LABELS[registration.attended],
        "created_at": registration.created_at,
        "registered_by": person_name(registration.registered_by),
    }


def session_choices(request=None):
    """The sessions that have registrations, as the session filter offers them: the upcoming
    ones first (soonest first), then the past ones (latest first). One query."""
    sessions = list(
        EventSession.objects.filter(registrations__isnull=False)
        .distinct()
        .select_related("event")
        .order_by("date", "start_time", "pk")
    )
    today = timezone.localdate()
    upcoming = [session for session in sessions if session.date >= today]
    past = [session for session in reversed(sessions) if session.date < today]
    return [(str(session.pk), session_label(session)) for session in upcoming + past]


class SessionFilter(admin.SimpleListFilter):
    """« Par session »: the sessions that have registrations (`session_choices`)."""

    title = "session"
    parameter_name = "session"

    def lookups(self, request, model_admin):
        # wagtail-modeladmin builds the filters twice per list (its queryset, then its
        # context): the choices are read once per request.
        return once_per_request(request, "_agenda_session_choices", session_choices)

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(BAD_FILTER)
        return queryset.filter(session_id=int(value))


class RegistrationPermissionHelper(PermissionHelper):
    """Listing, inspecting and exporting need a Registration permission (view, for the groups
    that handle them); registering someone needs "add"; changing details and every action
    (cancel, promote, attendance, writing) need "change". Nobody deletes a registration here:
    it keeps the history of the session's places."""

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_change(self, user):
        return self.user_can_edit_obj(user, None)


class RegistrationButtonHelper(ButtonHelper):
    """Each registration's buttons: see, change, and, where they apply, « Annuler » and
    « Promouvoir » (each leads to a confirmation)."""

    def action_button(self, obj, action, label, title, classnames_add=None):
        return {
            "url": self.url_helper.get_action_url(action, obj.pk),
            "label": label,
            "classname": self.finalise_classname(classnames_add or [], []),
            "title": title,
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        exclude = exclude or []
        if not self.permission_helper.user_can_change(self.request.user):
            return buttons
        if obj.status in PROMOTABLE and "promouvoir" not in exclude:
            buttons.append(
                self.action_button(
                    obj,
                    "promouvoir",
                    "Promouvoir",
                    f"Confirmer la place de {obj.name}",
                    classnames_add,
                )
            )
        if obj.status != RegistrationStatus.CANCELLED and "annuler" not in exclude:
            buttons.append(
                self.action_button(
                    obj,
                    "annuler",
                    "Annuler",
                    f"Annuler l'inscription de {obj.name}",
                    classnames_add,
                )
            )
        return buttons


class RegistrationIndexView(NeutralisedCsvExportMixin, IndexView):
    """The list: filters, search, the session's own actions when one is chosen, exports in
    French (the session's registrations once filtered on it)."""

    page_title = "Inscriptions aux événements"
    export_headings = EXPORT_HEADINGS
    custom_value_preprocess = with_brussels_datetimes(IndexView.custom_value_preprocess)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters as error:
            raise BadRequest(BAD_FILTER) from error

    def get_filters(self, request):
        """The list's filters only: any other lookup in the address is refused (nobody filters
        on a field the list does not show, registered_by__password…)."""
        specs, has_filters, remaining, use_distinct = super().get_filters(request)
        if set(remaining) - FILTER_PARAMETERS:
            raise IncorrectLookupParameters(BAD_FILTER)
        return specs, has_filters, remaining, use_distinct

    def to_row_dict(self, item):
        return export_row(item)

    def chosen_session(self):
        """The session the list is filtered on, with its counts; None otherwise."""
        value = self.request.GET.get("session", "")
        if not value.isdigit():
            return None
        needs = dashboard.session_needs(EventSession.objects.filter(pk=int(value)))
        return needs[0] if needs else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.chosen_session()
        context.update(
            search_placeholder=SEARCH_PLACEHOLDER,
            listing_params=self.params,
            chosen_session=session,
            can_change=self.permission_helper.user_can_change(self.request.user),
            create_url=(
                f"{self.create_url}?session={session.session.pk}" if session else self.create_url
            ),
        )
        return context


class RegistrationInspectView(InspectView):
    """One registration in full, with its buttons."""

    page_title = "Inscription"

    def get_page_subtitle(self):
        return self.instance.name

    def get_field_display_value(self, field_name, field=None):
        custom = getattr(self, f"get_{field_name}_display_value", None)
        value = custom() if custom else super().get_field_display_value(field_name, field)
        return "—" if value in (None, "", self.model_admin.get_empty_value_display()) else value

    def get_session_display_value(self):
        return session_label(self.instance.session)

    def get_attended_display_value(self):
        return ATTENDANCE_LABELS[self.instance.attended]

    def get_registered_by_display_value(self):
        return person_name(self.instance.registered_by)


class RegistrationAdmin(ModelAdmin):
    """The registrations to the agenda's sessions, in their own admin menu item."""

    model = Registration
    add_to_admin_menu = True
    menu_label = "Inscriptions aux événements"
    menu_item_name = "inscriptions-evenements"
    menu_icon = "date"
    # After the PPLI's sign-ups (250), before "Images" (300).
    menu_order = 260
    permission_helper_class = RegistrationPermissionHelper
    button_helper_class = RegistrationButtonHelper
    index_view_class = RegistrationIndexView
    index_template_name = "agenda/admin/registration_index.html"
    create_view_class = StaffCreateView
    edit_view_class = StaffEditView
    inspect_view_class = RegistrationInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    # Few columns: the list must stay readable beside Wagtail's menu on a laptop. The
    # organisation, consent and history are on the registration's page and in the exports.
    list_display = ["name", "event_session", "state", "contact", "needs", "attendance"]
    list_display_add_buttons = "name"
    list_filter = [SessionFilter, "status"]
    list_per_page = 50
    list_select_related = ["session__event"]
    search_fields = ["name", "email", "organisation"]
    list_export = list(EXPORT_HEADINGS)
    export_filename = "inscriptions-evenements"
    ordering = ["-session__date", "-session__start_time", "session_id", "created_at", "pk"]
    inspect_view_fields = [
        "session",
        "status",
        "name",
        "email",
        "phone",
        "organisation",
        "interpreter_language",
        "childcare",
        "step_free",
        "other_needs",
        "attended",
        "consent_at",
        "registered_by",
        "created_at",
        "offer_expires",
        "cancelled_at",
    ]

    def get_queryset(self, request):
        # The list and the exports show each row's event, session, place in the waiting list
        # and who registered it: read in the list's own query, none per row.
        queryset = super().get_queryset(request).select_related("session__event", "registered_by")
        return with_waiting_position(queryset)

    def event(self, registration):
        return registration.session.event.title

    event.short_description = "Événement"
    event.admin_order_field = "session__event__title"

    def session_when(self, registration):
        session = registration.session
        text = f"{session.date:%d/%m/%Y}"
        if session.start_time is not None:
            text += f", {heure(session.start_time)}"
        return text

    session_when.short_description = "Session"
    session_when.admin_order_field = "session__date"

    def event_session(self, registration):
        return format_html("{}<br>{}", self.event(registration), self.session_when(registration))

    event_session.short_description = "Événement et session"
    event_session.admin_order_field = "session__date"

    def state(self, registration):
        status = capfirst(registration.get_status_display())
        position = registration.waiting_position
        return f"{status} ({position})" if position else status

    state.short_description = "Statut"
    state.admin_order_field = "status"

    def position(self, registration):
        return registration.waiting_position or ""

    position.short_description = "Position (attente)"

    def contact(self, registration):
        return format_html_join(
            mark_safe("<br>"),
            "{}",
            ((value,) for value in (registration.email, registration.phone) if value),
        )

    contact.short_description = "E-mail / téléphone"

    def needs(self, registration):
        return needs_label(registration)

    needs.short_description = "Besoins"

    def attendance(self, registration):
        return ATTENDANCE_LABELS[registration.attended]

    attendance.short_description = "Présence"

    def get_empty_value_display(self, field_name=None):
        return ""

    def cancel_view(self, request, instance_pk):
        return CancelView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def promote_view(self, request, instance_pk):
        return PromoteView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def attendance_view(self, request, session_id):
        return AttendanceView.as_view(model_admin=self, session_id=session_id)(request)

    def write_view(self, request, session_id):
        return WriteView.as_view(model_admin=self, session_id=session_id)(request)

    def get_admin_urls_for_registration(self):
        """wagtail-modeladmin's views, « Annuler » and « Promouvoir » per registration,
        « Présences » and « Écrire aux participants » per session."""
        base = self.url_helper.base_url_path
        name = self.url_helper.get_action_url_name
        actions = (
            re_path(
                rf"^{base}/annuler/(?P<instance_pk>\d+)/$", self.cancel_view, name=name("annuler")
            ),
            re_path(
                rf"^{base}/promouvoir/(?P<instance_pk>\d+)/$",
                self.promote_view,
                name=name("promouvoir"),
            ),
            re_path(
                rf"^{base}/session/(?P<session_id>\d+)/presences/$",
                self.attendance_view,
                name=name("presences"),
            ),
            re_path(
                rf"^{base}/session/(?P<session_id>\d+)/ecrire/$",
                self.write_view,
                name=name("ecrire"),
            ),
        )
        return super().get_admin_urls_for_registration() + actions

    def register_indexing(self):
        """Registrations are personal records, not content: out of the reference index."""


registration_admin = RegistrationAdmin()


def event_needs_panel():
    """What the event's « Inscriptions et besoins » panel (agenda/panels.py) needs: who sees
    it, and its sessions' counts (two queries, whatever their number)."""
    return {
        "shown_to": dashboard.reads_registrations,
        "context": lambda event: {
            "sessions": dashboard.event_sessions_needs(event),
            "create_url": registration_admin.url_helper.create_url,
        },
    }


def register():
    """Put « Inscriptions aux événements » in the admin (what modeladmin_register() does, on
    the instance whose URLs the panels reverse), its panel on the event's edit page, and
    « Prochaines sessions » on the dashboard of those who may see registrations. Called once,
    from agenda/wagtail_hooks.py."""
    registration_admin.register_with_wagtail()
    hooks.register(SESSION_NEEDS_HOOK, event_needs_panel)
    show_on_dashboard(panel=dashboard.UpcomingSessionsPanel, shown_to=dashboard.reads_registrations)
