"""The views of « Inscriptions aux événements » (agenda/staff.py) beyond the list: registering
someone on their behalf, changing their details, cancelling, promoting, taking attendance and
writing to a session's participants.

Every change of place goes through agenda/registrations.py (the one writer, under the
session's row lock); these views only ask and confirm. Each action is a GET that shows a
confirmation and a POST (with its CSRF token) that acts; an unexpected POST is a 400, never a
500.
"""

from django import forms
from django.core.exceptions import BadRequest
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.views import CreateView, EditView, InstanceSpecificView, WMABaseView

from .dashboard import session_needs
from .follow import waiting_position
from .models import HOLDING_A_PLACE, EventSession, Registration, RegistrationStatus
from .registrations import (
    PROMOTABLE,
    AlreadyRegistered,
    NotPromotable,
    RegistrationClosed,
    cancel,
    places_held,
    promote,
    register,
)
from .staff_tasks import send_participant_message
from .templatetags.agenda_tags import when

# What staff may change after the registration: details, needs, attendance. The status only
# changes through the actions (cancel, promote), under the session's lock.
CONTACT_FIELDS = ["name", "email", "phone", "organisation"]
NEEDS_FIELDS = ["interpreter_language", "childcare", "step_free", "other_needs"]
EDITABLE_FIELDS = [*CONTACT_FIELDS, *NEEDS_FIELDS, "attended"]
SUBJECT_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 5000


def session_label(session):
    """ "Formation X — mardi 3 mars 2027, 9 h 30 – 12 h"."""
    return f"{session.event.title} — {when(session.date, session.start_time, session.end_time)}"


def open_sessions():
    """The sessions taking registrations (places set, not cancelled, not begun), in calendar
    order; those of today that have begun are left out by the form's check."""
    return (
        EventSession.objects.filter(
            capacity__isnull=False, cancelled=False, date__gte=timezone.localdate()
        )
        .select_related("event")
        .order_by("date", "start_time", "pk")
    )


class SessionChoiceField(forms.ModelChoiceField):
    """A session, named by its event and its date."""

    def label_from_instance(self, obj):
        return session_label(obj)


def needs_panels():
    """The needs, as the registration form asks them."""
    return MultiFieldPanel(
        [
            FieldPanel("interpreter_language"),
            FieldRowPanel([FieldPanel("childcare"), FieldPanel("step_free")]),
            FieldPanel("other_needs"),
        ],
        heading="Besoins",
    )


def contact_panels():
    return MultiFieldPanel(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
            FieldPanel("organisation"),
        ],
        heading="Personne inscrite",
    )


class StaffRegistrationForm(WagtailAdminModelForm):
    """Registering someone on their behalf: a session taking registrations, a name, optional
    contact details, needs. The e-mail is optional (a registration taken on the phone)."""

    session = SessionChoiceField(
        queryset=EventSession.objects.none(),
        label="Session",
        help_text="Seules les sessions qui prennent des inscriptions sont proposées.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = open_sessions()

    def clean_session(self):
        session = self.cleaned_data["session"]
        if not session.takes_registrations:
            raise forms.ValidationError(
                "Cette session a commencé : elle ne prend plus d'inscription."
            )
        return session


class StaffEditForm(WagtailAdminModelForm):
    """Changing a registration's details, needs and attendance (never its status)."""

    attended = forms.NullBooleanField(
        label="Présence",
        required=False,
        widget=forms.Select(
            choices=[("unknown", "Non renseignée"), ("true", "Présent·e"), ("false", "Absent·e")]
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The select's values are "true"/"false"/"unknown"; the stored value is a boolean.
        self.initial["attended"] = {True: "true", False: "false"}.get(
            self.instance.attended, "unknown"
        )


class StaffCreateView(CreateView):
    """« Inscrire quelqu'un »: registrations.register(…, registered_by=the staff member)."""

    page_title = "Inscrire quelqu'un"

    def get_edit_handler(self):
        panels = [FieldPanel("session"), contact_panels(), needs_panels()]
        return ObjectList(panels, base_form_class=StaffRegistrationForm).bind_to_model(Registration)

    def get_meta_title(self):
        return "Inscrire quelqu'un à un événement"

    def get_page_subtitle(self):
        return "Inscription à un événement"

    def get_initial(self):
        """The session of the link followed (?session=), when it takes registrations."""
        initial = super().get_initial()
        session_id = self.request.GET.get("session", "")
        if session_id.isdigit():
            initial["session"] = int(session_id)
        return initial

    def get_error_message(self):
        return "L'inscription n'a pas été enregistrée : corrigez les erreurs ci-dessous."

    def form_valid(self, form):
        data = form.cleaned_data
        details = {name: data[name] for name in [*CONTACT_FIELDS, *NEEDS_FIELDS] if name != "name"}
        try:
            registration = register(
                data["session"], name=data["name"], registered_by=self.request.user, **details
            )
        except RegistrationClosed:
            form.add_error("session", "Cette session ne prend plus d'inscription.")
            return self.form_invalid(form)
        except AlreadyRegistered as error:
            form.add_error(
                "email",
                f"Cette adresse a déjà une inscription en cours à cette session "
                f"({error.registration.get_status_display().lower()}) : son lien lui est "
                "renvoyé par e-mail.",
            )
            return self.form_invalid(form)
        messages.success(self.request, registered_message(registration))
        return redirect(session_list_url(self.model_admin, registration.session_id))


def registered_message(registration):
    """What staff read once the person is registered."""
    if registration.status == RegistrationStatus.WAITING:
        text = (
            f"{registration.name} est inscrit·e en liste d'attente, en position "
            f"{waiting_position(registration)}."
        )
    else:
        text = f"{registration.name} est inscrit·e : inscription confirmée."
    if registration.email:
        return text + " Un e-mail le lui confirme."
    return text + " Sans e-mail : prévenez la personne vous-même."


def session_list_url(model_admin, session_id):
    """The registrations' list, filtered on one session."""
    return f"{model_admin.url_helper.index_url}?session={session_id}"


class StaffEditView(EditView):
    """Changing details, needs and attendance; only those fields are written, so that a status
    changed meanwhile by the writer is never overwritten."""

    page_title = "Modifier l'inscription"

    def get_edit_handler(self):
        panels = [contact_panels(), needs_panels(), FieldPanel("attended")]
        return ObjectList(panels, base_form_class=StaffEditForm).bind_to_model(Registration)

    def get_meta_title(self):
        return f"Modifier l'inscription de {self.instance.name}"

    def get_error_message(self):
        return "L'inscription n'a pas été modifiée : corrigez les erreurs ci-dessous."

    def form_valid(self, form):
        registration = form.save(commit=False)
        registration.save(update_fields=EDITABLE_FIELDS)
        messages.success(self.request, f"Inscription de {registration.name} modifiée.")
        return redirect(session_list_url(self.model_admin, registration.session_id))


class RegistrationActionView(InstanceSpecificView):
    """A change of one registration's place: a confirmation (GET), then the change (POST)."""

    template_name = "agenda/admin/confirm_registration_action.html"
    action = ""  # "cancel" or "promote": what the confirmation page explains
    heading = ""
    confirm_label = ""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_edit_obj(user, self.instance)

    def get_page_title(self):
        return self.heading

    def get_page_subtitle(self):
        return self.instance.name

    @cached_property
    def back_url(self):
        return session_list_url(self.model_admin, self.instance.session_id)

    def is_possible(self):
        """Whether the action applies to the registration as it is now."""
        return True

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.instance,
            session_label=session_label(self.instance.session),
            action=self.action,
            heading=self.heading,
            confirm_label=self.confirm_label,
            possible=self.is_possible(),
            back_url=self.back_url,
            **kwargs,
        )


class CancelView(RegistrationActionView):
    """« Annuler l'inscription »: registrations.cancel; a place it held goes to the first
    person waiting at once."""

    action = "cancel"
    heading = "Annuler l'inscription"
    confirm_label = "Oui, annuler l'inscription"

    def is_possible(self):
        return self.instance.status != RegistrationStatus.CANCELLED

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            frees_a_place=self.instance.status in HOLDING_A_PLACE, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if not self.is_possible():
            messages.warning(request, "Cette inscription était déjà annulée.")
            return redirect(self.back_url)
        # Read before: `cancel` returns the registration as it is after.
        held_a_place = self.instance.status in HOLDING_A_PLACE
        cancel(self.instance)
        text = f"Inscription de {self.instance.name} annulée."
        if self.instance.email:
            text += " Un e-mail le lui confirme."
        if held_a_place:
            text += " Sa place revient à la première personne en attente, s'il y en a une."
        messages.success(request, text)
        return redirect(self.back_url)


class PromoteView(RegistrationActionView):
    """« Promouvoir »: confirm a waiting or lapsed person by hand, even beyond the capacity
    (registrations.promote)."""

    action = "promote"
    heading = "Promouvoir"
    confirm_label = "Oui, confirmer sa place"

    def is_possible(self):
        session = self.instance.session
        return (
            self.instance.status in PROMOTABLE
            and not session.cancelled
            and session.starts_at > timezone.now()
        )

    def get_context_data(self, **kwargs):
        session = self.instance.session
        held_after = places_held(session) + 1
        return super().get_context_data(
            held_after=held_after,
            capacity=session.capacity,
            beyond=session.capacity is not None and held_after > session.capacity,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            held = promote(self.instance)
        except (NotPromotable, RegistrationClosed):
            messages.warning(
                request,
                "Rien n'a changé : la personne n'est plus en attente, ou la session ne prend "
                "plus d'inscription.",
            )
            return redirect(self.back_url)
        capacity = self.instance.session.capacity
        text = f"{self.instance.name} est confirmé·e. Places occupées : {held}"
        text += f" sur {capacity}." if capacity is not None else "."
        if self.instance.email:
            text += " Un e-mail le lui annonce."
        messages.success(request, text)
        return redirect(self.back_url)


class SessionView(WMABaseView):
    """A view about one session's registrations (attendance, writing to participants)."""

    session_id = None  # given to as_view() by the ModelAdmin's URL (agenda/staff.py)

    def __init__(self, model_admin, session_id):
        super().__init__(model_admin)
        self.session = get_object_or_404(
            EventSession.objects.select_related("event"), pk=session_id
        )

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_edit_obj(user, None)

    def get_page_subtitle(self):
        return session_label(self.session)

    @cached_property
    def back_url(self):
        return session_list_url(self.model_admin, self.session.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            session_label=session_label(self.session),
            back_url=self.back_url,
            **kwargs,
        )


# Attendance: one choice per person, the radio buttons' values.
ATTENDANCE_VALUES = {"present": True, "absent": False, "inconnu": None}


class AttendanceView(SessionView):
    """« Présences »: present, absent or not known, for every person of a session at once."""

    template_name = "agenda/admin/session_attendance.html"
    page_title = "Présences"

    def registrations(self):
        """The people expected (holding a place), and anyone whose attendance is recorded."""
        expected = Q(status__in=HOLDING_A_PLACE) | Q(attended__isnull=False)
        return list(self.session.registrations.filter(expected).order_by("name", "pk"))

    def get(self, request, *args, **kwargs):
        rows = [
            {"registration": registration, "value": attendance_value(registration.attended)}
            for registration in self.registrations()
        ]
        return self.render_to_response(self.get_context_data(rows=rows))

    def post(self, request, *args, **kwargs):
        chosen = self.read_choices(request.POST)
        recorded = 0
        # One update per value (present, absent, not known), only within this session.
        with transaction.atomic():
            for value in ATTENDANCE_VALUES.values():
                pks = [pk for pk, attended in chosen.items() if attended is value]
                if pks:
                    recorded += self.session.registrations.filter(pk__in=pks).update(attended=value)
        messages.success(
            request,
            ngettext(
                "Présence enregistrée pour %(count)d personne.",
                "Présences enregistrées pour %(count)d personnes.",
                recorded,
            )
            % {"count": recorded},
        )
        return redirect(self.back_url)

    def read_choices(self, data):
        """{registration id: True/False/None} from the form's `presence-<id>` fields; an id
        that is not a number or a value that is not a choice is a malformed request."""
        chosen = {}
        for key, value in data.items():
            if not key.startswith("presence-"):
                continue
            pk = key.removeprefix("presence-")
            if not pk.isdigit() or value not in ATTENDANCE_VALUES:
                raise BadRequest("Présence invalide : « présent », « absent » ou « inconnu ».")
            chosen[int(pk)] = ATTENDANCE_VALUES[value]
        return chosen


def attendance_value(attended):
    """The radio value of a stored attendance."""
    return {True: "present", False: "absent"}.get(attended, "inconnu")


class WriteForm(forms.Form):
    """The message to a session's participants."""

    subject = forms.CharField(label="Objet", max_length=SUBJECT_MAX_LENGTH)
    message = forms.CharField(
        label="Message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Chaque personne le reçoit seule, avec « Bonjour » et son nom avant, l'événement et "
            "le lien vers son inscription après."
        ),
    )
    include_waiting = forms.BooleanField(
        label="Écrire aussi aux personnes en liste d'attente",
        required=False,
    )


def participants(session, include_waiting=False):
    """The people written to: those holding a place, and those waiting when asked, in the
    order of their registration."""
    statuses = [*HOLDING_A_PLACE]
    if include_waiting:
        statuses.append(RegistrationStatus.WAITING)
    return list(session.registrations.filter(status__in=statuses).order_by("created_at", "pk"))


def write_to_participants(session, subject, message, include_waiting=False):
    """Queue one e-mail per participant with an address, once the transaction commits (none if
    it rolls back). Returns (the people written to, the people without an e-mail)."""
    people = participants(session, include_waiting)
    written = [person for person in people if person.email]
    for person in written:
        transaction.on_commit(
            lambda pk=person.pk: send_participant_message.enqueue(pk, subject, message),
            robust=True,
        )
    return written, [person for person in people if not person.email]


class WriteView(SessionView):
    """« Écrire aux participants »: a subject and a message to everyone of the session with an
    e-mail, through the task queue; those without one are listed, to be phoned."""

    template_name = "agenda/admin/session_write.html"
    page_title = "Écrire aux participants"

    def get(self, request, *args, **kwargs):
        return self.render_page(WriteForm())

    def render_page(self, form):
        people = participants(self.session, include_waiting=True)
        needs = session_needs(EventSession.objects.filter(pk=self.session.pk))
        return self.render_to_response(
            self.get_context_data(
                form=form,
                with_email=sum(1 for person in people if person.email),
                without_email=[person for person in people if not person.email],
                needs=needs[0] if needs else None,
            )
        )

    def post(self, request, *args, **kwargs):
        form = WriteForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        data = form.cleaned_data
        with transaction.atomic():
            written, without = write_to_participants(
                self.session, data["subject"], data["message"], data["include_waiting"]
            )
        messages.success(request, written_message(len(written), len(without)))
        return redirect(request.path)


def written_message(written, without):
    """ "Message envoyé à 12 personnes. 2 personnes n'ont pas d'e-mail : …"."""
    text = ngettext(
        "Message mis en envoi pour %(count)d personne.",
        "Message mis en envoi pour %(count)d personnes.",
        written,
    ) % {"count": written}
    if without:
        text += " " + ngettext(
            "%(count)d personne n'a pas d'e-mail : téléphonez-lui (liste ci-dessous).",
            "%(count)d personnes n'ont pas d'e-mail : téléphonez-leur (liste ci-dessous).",
            without,
        ) % {"count": without}
    return text
