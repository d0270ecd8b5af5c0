"""The agenda: events (trainings, concertation meetings, plenaries…), their dated sessions, and
the registrations to each session.

An event is a page under the agenda (/agenda/); its sessions are inline rows of the page, each
with its own capacity. Registrations are records, not pages: they are made and changed through
agenda/registrations.py (the one writer, which locks the session's row), and handled by staff in
wagtail-modeladmin. The listings are built by the templates' tags (templatetags/agenda_tags.py,
from listing.py): those modules read these models, and these models import none of them.
"""

import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import AdminDateInput
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable
from wagtail.search import index
from wagtailautocomplete.edit_handlers import AutocompletePanel

from home.models import BasePage, EditorialPageForm, HiddenWhileEmpty, without_live_children

from .panels import SessionNeedsPanel

# The centre's time: sessions are typed and shown in Brussels' wall-clock time, whatever the
# season (the aware datetimes below follow the daylight-saving changes).
BRUSSELS = ZoneInfo("Europe/Brussels")


class AgendaPage(HiddenWhileEmpty, RoutablePageMixin, BasePage):
    """The agenda, at /agenda/: the upcoming sessions first, filters, and the past events.

    Out of the menus and listings while it holds no published event (HiddenWhileEmpty). Its
    route `mon-inscription/<token>/` is a registration's own page, reached from the e-mailed
    link, served by agenda's `before_serve_page` hook (agenda/views.py): the models import no
    view or form. `agenda.ics`, the calendar feed, is served by agenda/urls.py (Wagtail's
    router serves no file name); the route gives its address.
    """

    parent_page_types = ["home.HomePage"]
    subpage_types = ["agenda.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("agenda")

    @classmethod
    def empty_pages(cls):
        """The agendas without a published event."""
        return without_live_children(cls, EventPage)

    @path("")
    def index(self, request, *args, **kwargs):
        return self.render(request)

    @path("mon-inscription/<str:token>/", name="registration")
    def registration(self, request, token):
        """Served by agenda's hook (agenda/views.py); reached only when the hook is absent."""
        raise Http404

    @path("agenda.ics", name="feed")
    def feed(self, request):
        """The calendar feed of the upcoming sessions, filtered like the list: its address;
        served by agenda/urls.py (agenda/views.py, agenda/calendar.py)."""
        raise Http404


class EventKind(models.TextChoices):
    """What kind of event: the agenda's first filter."""

    TRAINING = "formation", _("Formation")
    AWARENESS = "sensibilisation", _("Sensibilisation")
    INFORMATION = "information", _("Séance d'information")
    CONCERTATION = "concertation", _("Réunion d'un espace de concertation")
    PLENARY = "pleniere", _("Assemblée plénière")
    WORKING_DAY = "journee", _("Journée de travail")


class SessionRepeat(models.TextChoices):
    """How the event form repeats a session (fields of the form, not stored)."""

    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY = "monthly", _("Chaque mois (même jour du mois)")


# More dates than this from one repetition is most likely a mistyped end date.
MAX_REPEATED_SESSIONS = 52


def repeated_dates(first, repeat, until):
    """The dates after `first` every week or month, up to `until` included. A monthly date
    keeps the first one's day, or the month's last day when it has none (31 → 30 April)."""
    dates = []
    n = 1
    while True:
        if repeat == SessionRepeat.WEEKLY:
            day = first + relativedelta(weeks=n)
        else:
            day = first + relativedelta(months=n)
        if day > until:
            return dates
        dates.append(day)
        n += 1


class EventPageForm(EditorialPageForm):
    """The event's editor: a helper repeats a session weekly or monthly until a date, and a
    session that has registrations cannot be deleted (it is cancelled instead, so that the
    people registered are not lost and can be told)."""

    repeat = forms.ChoiceField(
        label=_("Répéter la première session"),
        choices=[("", _("Non"))] + SessionRepeat.choices,
        required=False,
        help_text=_(
            "Ajoute des sessions aux mêmes heures et avec autant de places que la première, "
            "jusqu'à la date choisie. Vous pourrez ensuite modifier ou annuler chacune."
        ),
    )
    repeat_until = forms.DateField(
        label=_("Jusqu'au"),
        required=False,
        widget=AdminDateInput,
        help_text=_("Dernier jour possible d'une session répétée (inclus)."),
    )

    def clean(self):
        cleaned_data = super().clean()
        self.check_deleted_sessions()
        self.new_sessions = self.repeat_sessions(cleaned_data)
        return cleaned_data

    def kept_session_forms(self):
        """The session rows kept (not ticked for deletion) with a valid date."""
        formset = self.formsets["sessions"]
        return [
            form
            for form in formset.forms
            if form not in formset.deleted_forms
            and form.is_valid()
            and form.cleaned_data.get("date")
        ]

    def check_deleted_sessions(self):
        """A deleted session must have no registration: say which, in French."""
        formset = self.formsets["sessions"]
        for form in formset.deleted_forms:
            session = form.instance
            if session.pk is not None and session.registrations.exists():
                self.add_error(
                    None,
                    _(
                        "La session du %(date)s a des inscriptions : elle ne peut pas être "
                        "supprimée. Décochez « Supprimer » et cochez « Annulée » : les "
                        "personnes inscrites restent dans la liste pour être prévenues."
                    )
                    % {"date": session.date.strftime("%d/%m/%Y")},
                )

    def repeat_sessions(self, cleaned_data):
        """The sessions the repetition adds (not saved yet), from the earliest kept one;
        dates already present are skipped."""
        repeat, until = cleaned_data.get("repeat"), cleaned_data.get("repeat_until")
        if not repeat:
            return []
        kept = self.kept_session_forms()
        if until is None:
            self.add_error("repeat_until", _("Indiquez jusqu'à quelle date répéter la session."))
            return []
        if not kept:
            self.add_error("repeat", _("Ajoutez d'abord une session à répéter."))
            return []
        model = min((form.cleaned_data for form in kept), key=lambda data: data["date"])
        taken = {form.cleaned_data["date"] for form in kept}
        dates = [d for d in repeated_dates(model["date"], repeat, until) if d not in taken]
        if until <= model["date"]:
            self.add_error("repeat_until", _("Choisissez une date après la première session."))
            return []
        if len(dates) > MAX_REPEATED_SESSIONS:
            self.add_error(
                "repeat_until",
                _("Cela ferait %(count)d sessions : %(max)d au plus en une fois.")
                % {"count": len(dates), "max": MAX_REPEATED_SESSIONS},
            )
            return []
        copied = {name: model.get(name) for name in ("start_time", "end_time", "capacity")}
        return [EventSession(date=day, **copied) for day in dates]

    def save(self, commit=True):
        """The page, with the repeated sessions added to its rows."""
        page = super().save(commit=False)
        if self.new_sessions:
            # After the rows the editor sees, in date order.
            last = max((row.sort_order or 0 for row in page.sessions.all()), default=-1)
            for n, session in enumerate(self.new_sessions, start=last + 1):
                session.sort_order = n
            page.sessions.add(*self.new_sessions)
        if commit:
            page.save()
        return page


class EventPage(RoutablePageMixin, BasePage):
    """An event of the centre: what, for whom, where, and its dated sessions.

    Its route `inscription/<session id>/` is a session's registration form, served by agenda's
    `before_serve_page` hook (agenda/views.py), after Wagtail's own checks; `evenement.ics`
    gives the address of its calendar file, served by agenda/urls.py.
    """

    kind = models.CharField(
        _("type d'événement"),
        max_length=20,
        choices=EventKind.choices,
        help_text=_("Affiché au-dessus du titre ; sert au filtre « Type » de l'agenda."),
    )
    thematics = ParentalManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="events",
        help_text=_("L'événement apparaît sur la page de chaque thématique cochée."),
    )
    audiences = ParentalManyToManyField(
        "taxonomies.Audience",
        verbose_name=_("publics"),
        blank=True,
        related_name="events",
        help_text=_("Tapez le début d'un public et choisissez : sert au filtre « Public »."),
    )
    concertation_space = models.ForeignKey(
        "ppli.ConcertationSpacePage",
        verbose_name=_("espace de concertation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Pour une réunion d'un espace de concertation : elle apparaît sur sa page."),
    )
    venue = models.ForeignKey(
        "directory.DirectoryEntryPage",
        verbose_name=_("lieu (répertoire)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Un lieu du répertoire des services : son adresse et sa carte sont reprises."),
    )
    address = models.TextField(
        _("adresse"),
        blank=True,
        help_text=_("Si le lieu n'est pas dans le répertoire : son nom et son adresse."),
    )
    commune = models.CharField(
        _("commune"),
        max_length=100,
        blank=True,
        help_text=_("Sert au filtre « Commune » de l'agenda (reprise du lieu du répertoire)."),
    )
    online = models.BooleanField(
        _("en ligne"), default=False, help_text=_("L'événement a lieu (aussi) en ligne.")
    )
    online_url = models.URLField(
        _("lien de la réunion en ligne"),
        blank=True,
        help_text=_("Envoyé seulement aux personnes inscrites, jamais affiché sur le site."),
    )
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_(
            "Accès de plain-pied, boucle magnétique, interprétation, garderie… ce que le lieu "
            "et l'organisation offrent."
        ),
    )
    free = models.BooleanField(
        _("gratuit"), null=True, blank=True, help_text=_("Laissez vide si ce n'est pas décidé.")
    )

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "sessions",
            heading=_("Sessions"),
            label=_("Session"),
            min_num=1,
            help_text=_(
                "Chaque date de l'événement, avec ses places. Une session qui a des inscriptions "
                "ne se supprime pas : cochez « Annulée »."
            ),
        ),
        FieldRowPanel(
            [FieldPanel("repeat"), FieldPanel("repeat_until")],
            heading=_("Répéter une session"),
        ),
        # Read-only: the sessions' registrations and needs, for those who may see them.
        SessionNeedsPanel(),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("commune"),
                FieldRowPanel([FieldPanel("online"), FieldPanel("online_url")]),
                FieldPanel("accessibility"),
                FieldPanel("free"),
            ],
            heading=_("Lieu et accès"),
        ),
        FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
        AutocompletePanel("audiences"),
        FieldPanel("concertation_space"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("address"),
        index.SearchField("accessibility"),
        index.FilterField("kind"),
    ]

    base_form_class = EventPageForm
    parent_page_types = ["agenda.AgendaPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    @path("")
    def index(self, request, *args, **kwargs):
        return self.render(request)

    @path("inscription/<int:session_id>/", name="register")
    def register(self, request, session_id):
        """Served by agenda's hook (agenda/views.py); reached only when the hook is absent."""
        raise Http404

    @path("evenement.ics", name="calendar")
    def calendar(self, request):
        """The event's calendar file: its address; served by agenda/urls.py
        (agenda/views.py, agenda/calendar.py)."""
        raise Http404

    def registration_url(self, session):
        """The address of a session's registration form."""
        return self.url + self.reverse_subpage("register", args=[session.pk])


class EventSession(Orderable):
    """One dated session of an event, with its places.

    Its date and times are Brussels wall-clock time; `starts_at` and `ends_at` are the aware
    datetimes, right on both sides of a daylight-saving change. A session without times (an
    event the sources date only to the day) lasts the whole day. `uid`, `sequence` and
    `previous_start` feed the calendar files (a stable UID, SEQUENCE raised at each change) and
    the event's structured data (previousStartDate); `save()` keeps them.
    """

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"), help_text=_("Le jour de la session."))
    start_time = models.TimeField(
        _("début"),
        null=True,
        blank=True,
        help_text=_("Heure de Bruxelles ; vide si seul le jour est connu."),
    )
    end_time = models.TimeField(
        _("fin"), null=True, blank=True, help_text=_("Heure de Bruxelles ; facultative.")
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Nombre de places ; laissez vide s'il n'y a pas d'inscription sur le site."),
    )
    cancelled = models.BooleanField(
        _("annulée"),
        default=False,
        help_text=_("La session reste affichée, marquée « Annulée » ; plus d'inscription."),
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    previous_start = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("cancelled")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.event.title} — {self.date:%d/%m/%Y}"

    @property
    def starts_at(self):
        """When it starts, an aware datetime (midnight, Brussels time, for a whole day)."""
        return datetime.combine(self.date, self.start_time or time(0), tzinfo=BRUSSELS)

    @property
    def ends_at(self):
        """When it ends, or None when no end time is given."""
        if self.end_time is None:
            return None
        return datetime.combine(self.date, self.end_time, tzinfo=BRUSSELS)

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def takes_registrations(self):
        """Whether the site offers registration: places given, not cancelled, not begun."""
        return self.capacity is not None and not self.cancelled and self.starts_at > timezone.now()

    def save(self, *args, **kwargs):
        """Raise the calendar SEQUENCE when the date, times or cancellation change, and keep the
        former start of a moved session."""
        if self.pk is not None:
            before = EventSession.objects.filter(pk=self.pk).first()
            if before is not None:
                moved = before.starts_at != self.starts_at
                changed = moved or (before.end_time, before.cancelled) != (
                    self.end_time,
                    self.cancelled,
                )
                if changed:
                    self.sequence = before.sequence + 1
                if moved:
                    self.previous_start = before.starts_at
        super().save(*args, **kwargs)


class RegistrationStatus(models.TextChoices):
    """Where a registration stands."""

    CONFIRMED = "confirmed", _("Confirmée")
    WAITING = "waiting", _("Liste d'attente")
    OFFERED = "offered", _("Place proposée")
    LAPSED = "lapsed", _("Place proposée, non confirmée à temps")
    CANCELLED = "cancelled", _("Annulée")


# The registrations that hold a place: confirmed, and offered while the offer runs.
HOLDING_A_PLACE = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


class Registration(models.Model):
    """A person's registration to a session, online or taken by staff (no e-mail needed).

    Made, cancelled and promoted only through agenda/registrations.py, which locks the
    session's row: the number of places held never exceeds the capacity. The person follows it
    through a link whose token is stored hashed (`token_hash`) and expires after the session.
    """

    session = models.ForeignKey(
        EventSession,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=RegistrationStatus.choices, db_index=True
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    interpreter_language = models.CharField(
        _("interprète (langue)"),
        max_length=100,
        blank=True,
        help_text=_("La langue d'un interprète souhaité ; vide s'il n'en faut pas."),
    )
    childcare = models.BooleanField(_("garde d'enfants"), default=False)
    step_free = models.BooleanField(_("accès sans marche"), default=False)
    other_needs = models.TextField(_("autres besoins"), max_length=1000, blank=True)
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrit·e par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The link's token is derived from this random salt and the site's secret key
    # (core/tokens.py): the e-mail tasks rebuild it, and neither the database nor the task
    # queue holds a working link. Only its digest is looked up.
    token_salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_expires = models.DateTimeField(editable=False)
    offer_expires = models.DateTimeField(_("offre valable jusqu'au"), null=True, blank=True)
    attended = models.BooleanField(_("présent·e"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    # Not shown as such on any page; the places left are: agenda/registrations.py lets the
    # cached pages go at each change (pagecache's generation).
    page_cache_ignore = True

    class Meta:
        verbose_name = _("inscription à un événement")
        verbose_name_plural = _("inscriptions aux événements")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.name} — {self.session}"


class ReminderKind(models.TextChoices):
    """When a confirmed person is reminded of their session (agenda/reminders.py)."""

    TWO_DAYS = "two_days", _("Deux jours avant")
    MORNING = "morning", _("Le matin même")


class Reminder(models.Model):
    """A reminder e-mail planned for a confirmed registration (agenda/reminders.py).

    `fingerprint` sums up the session as it was when the reminder was planned (its id, start
    and cancellation): the reminder leaves only if the session still has it, so a session
    moved since gets a new reminder for its new time, never one for the old. One reminder per
    registration, kind and fingerprint (the planning command runs every 5 minutes).
    """

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("inscription"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("rappel"), max_length=10, choices=ReminderKind.choices)
    fingerprint = models.CharField(max_length=64, editable=False)
    planned_at = models.DateTimeField(_("prévu le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rappel d'une inscription")
        verbose_name_plural = _("rappels des inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind", "fingerprint"], name="agenda_reminder_once"
            )
        ]

    # A record of e-mails, never shown on a page.
    page_cache_ignore = True

    def __str__(self):
        return f"{self.get_kind_display()} — {self.registration}"


@register_setting(icon="date")
class AgendaSettings(BaseSiteSetting):
    """The pages that show the agenda's upcoming events of one kind: the « Formations » page
    the trainings, the « Sensibilisation » page the awareness sessions (agenda's
    PAGE_SECTIONS_HOOK). Chosen here, never found by their address."""

    training_page = models.ForeignKey(
        "home.ContentPage",
        verbose_name=_("page « Formations »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Les prochaines formations de l'agenda s'affichent sous son texte."),
    )
    awareness_page = models.ForeignKey(
        "home.ContentPage",
        verbose_name=_("page « Sensibilisation »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Les prochaines séances de sensibilisation de l'agenda s'affichent sous son texte."
        ),
    )

    panels = [FieldPanel("training_page"), FieldPanel("awareness_page")]

    class Meta:
        verbose_name = _("agenda")

    def kind_of(self, page):
        """The kind of events `page` shows, or None."""
        if page.pk == self.training_page_id:
            return EventKind.TRAINING
        if page.pk == self.awareness_page_id:
            return EventKind.AWARENESS
        return None
