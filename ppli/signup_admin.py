"""« Inscriptions au réseau du PPLI » in the admin, a wagtail-modeladmin `ModelAdmin`: list,
filters, search, inspect, accept or refuse (one request or several), export. Requests made
before the network form (one 2017-2020 group each) are listed too, with their group.

The requests are staff records, not content editors choose in pages: wagtail-modeladmin rather
than a snippet (snippets stay for partners, audiences, kinds). Requests only come from the
public form: staff never create or edit one. The "Coordination PPLI" group reads them (view
permission) and decides (decide permission); deciding is one path only, the confirmation page
of « Accepter » / « Refuser », reached from the list's selection or from the inspect view.
"""

from dataclasses import dataclass

from django.contrib.admin import DateFieldListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import re_path
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import ngettext
from django.views.generic import RedirectView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView, WMABaseView

from core.spreadsheets import NeutralisedCsvExportMixin
from home.exports import BRUSSELS, with_brussels_datetimes

from .models import OrganisationKind, SignupStatus, WorkingGroupSignup
from .signup import decide

DECIDE_PERMISSION = "ppli.decide_workinggroupsignup"
# Read whole in the header's search box at 1280 px; « nom » is the organisation's or the
# contact's, both are searched.
SEARCH_PLACEHOLDER = "Nom ou e-mail"
EXPORT_HEADINGS = {
    "created_at": "Reçue le",
    "group_title": "Groupe (2017-2020)",
    "axes_labels": "Axes",
    "thematics_labels": "Thématiques",
    "spaces_labels": "Espaces de concertation",
    "organisation_name": "Organisation",
    "organisation_kind": "Type d'organisation",
    "contact_name": "Personne de contact",
    "role": "Fonction",
    "email": "E-mail",
    "phone": "Téléphone",
    "commune": "Commune",
    "message": "Message",
    "status": "État",
    "decided_at": "Décidée le",
}
BAD_FILTER = "Filtre inconnu ou valeur invalide dans l'adresse de la liste des inscriptions."


def choice_label(choices):
    """Export preprocessing that writes a choice's French label ("Acceptée"), not its code."""

    def label(value):
        try:
            return str(capfirst(choices(value).label))
        except ValueError:  # a value no longer among the choices is written as it is
            return value

    return {SpreadsheetExportMixin.FORMAT_CSV: label, SpreadsheetExportMixin.FORMAT_XLSX: label}


def status_label(signup):
    """The state as staff read it: « En attente », « Acceptée », « Refusée »."""
    return capfirst(signup.get_status_display())


def brussels_display(value):
    """A date of the inspect view, in Brussels time whatever the user's own time zone."""
    if value is None:
        return None
    return formats.date_format(value.astimezone(BRUSSELS), "j F Y à H:i")


@dataclass(frozen=True)
class Decision:
    """« Accepter » or « Refuser »: its address, its words, the state it gives."""

    action: str  # the last part of its admin address
    display_name: str
    status: str
    confirm_label: str
    done_one: str
    done_many: str


ACCEPT = Decision(
    action="accepter",
    display_name="Accepter",
    status=SignupStatus.ACCEPTED,
    confirm_label="Oui, accepter",
    done_one="%(count)d demande acceptée ; le partenaire reçoit un e-mail.",
    done_many="%(count)d demandes acceptées ; chaque partenaire reçoit un e-mail.",
)
REFUSE = Decision(
    action="refuser",
    display_name="Refuser",
    status=SignupStatus.DECLINED,
    confirm_label="Oui, refuser",
    done_one="%(count)d demande refusée ; le partenaire reçoit un e-mail.",
    done_many="%(count)d demandes refusées ; chaque partenaire reçoit un e-mail.",
)
DECISIONS = (ACCEPT, REFUSE)


class ReceivedFilter(DateFieldListFilter):
    """The list's date filter, « Par date de réception » (the field's name, « reçue le », reads
    badly after the « Par » of wagtail-modeladmin's filter headings)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "date de réception"


class SignupPermissionHelper(PermissionHelper):
    """Listing and inspecting need any permission on the requests (Coordination PPLI has
    "view"); deciding needs "decide"; deleting needs "delete" (Coordination PPLI has it: a
    partner may ask that its data be erased); adding and editing stay with the superusers."""

    def user_can_decide(self, user):
        return user.has_perm(DECIDE_PERMISSION)


class SignupButtonHelper(ButtonHelper):
    """The list's and the inspect view's buttons, titled in plain French (the package's
    translation writes « ce/cette inscription au réseau… »)."""

    titles = {
        "inspect": "Voir cette demande",
        "edit": "Modifier cette demande",
        "delete": "Supprimer cette demande",
    }

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        return {**button, "label": "Voir", "title": self.titles["inspect"]}

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().edit_button(pk, classnames_add, classnames_exclude)
        return {**button, "title": self.titles["edit"]}

    def delete_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().delete_button(pk, classnames_add, classnames_exclude)
        return {**button, "title": self.titles["delete"]}


class SignupIndexView(NeutralisedCsvExportMixin, IndexView):
    """The list: filters, a search placeholder that fits, a selection to accept or refuse,
    exports in French and in Brussels time, and a CSV export where no partner's text runs as a
    formula."""

    page_title = "Inscriptions au réseau du PPLI"
    # Read from the view (wagtail-modeladmin reads only list_export and export_filename from
    # the ModelAdmin).
    export_headings = EXPORT_HEADINGS
    custom_value_preprocess = with_brussels_datetimes(IndexView.custom_value_preprocess)
    custom_field_preprocess = {
        "status": choice_label(SignupStatus),
        "organisation_kind": choice_label(OrganisationKind),
    }

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters as error:
            raise BadRequest(BAD_FILTER) from error

    def get_filters(self, request):
        """The list's filters, and the short forms older links use (?status=en_attente,
        ?group=…): any other lookup in the address is refused, so that nobody filters on a
        field the list does not show (decided_by__password…)."""
        specs, has_filters, remaining, use_distinct = super().get_filters(request)
        names = {entry if isinstance(entry, str) else entry[0] for entry in self.list_filter}
        if set(remaining) - names:
            raise IncorrectLookupParameters(BAD_FILTER)
        return specs, has_filters, remaining, use_distinct

    def read_listing(self, request):
        """What wagtail-modeladmin's `IndexView.dispatch` reads from the request before it
        lists (filters, search, order): the decisions' « toutes les demandes listées » reads
        the same, without rendering the list."""
        self.request = request
        self.list_display = self.model_admin.get_list_display(request)
        self.list_filter = self.model_admin.get_list_filter(request)
        self.search_fields = self.model_admin.get_search_fields(request)
        self.select_related = self.model_admin.list_select_related
        self.search_handler = self.model_admin.get_search_handler(request, self.search_fields)
        self.params = request.GET.copy()
        for ignored in (self.PAGE_VAR, self.ERROR_FLAG, self.EXPORT_VAR, "id", "next"):
            self.params.pop(ignored, None)
        self.query = request.GET.get(self.SEARCH_VAR, "")

    def to_row_dict(self, item):
        # Wagtail's own reading of each column: an empty cell stays empty (wagtail-modeladmin
        # would write « - ») and a model method (axes_labels…) is called.
        return SpreadsheetExportMixin.to_row_dict(self, item)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_decide = self.permission_helper.user_can_decide(self.request.user)
        context.update(
            search_placeholder=SEARCH_PLACEHOLDER,
            decisions=[
                {"decision": decision, "url": decision_url(decision.action)}
                for decision in DECISIONS
            ]
            if can_decide
            else [],
            listing_params=self.params,
        )
        return context


class SignupInspectView(InspectView):
    """One request in full, and the buttons that accept or refuse it while it is pending."""

    page_title = "Demande d'inscription"
    labels = {
        "group_title": "Groupe (2017-2020)",
        "organisation": "Organisation connue du PPLI",
        "spaces": "Espaces de concertation",
    }

    def get_meta_title(self):
        return f"Demande d'inscription : {self.instance.organisation_name}"

    def get_page_subtitle(self):
        # What was asked comes first: the header stays short enough to be read whole.
        return self.instance.organisation_name

    def get_field_label(self, field_name, field=None):
        return self.labels.get(field_name) or capfirst(super().get_field_label(field_name, field))

    def get_field_display_value(self, field_name, field=None):
        custom = getattr(self, f"get_{field_name}_display_value", None)
        value = custom() if custom else super().get_field_display_value(field_name, field)
        return "—" if value in (None, "", self.model_admin.get_empty_value_display()) else value

    def get_group_display_value(self):
        return self.instance.group and self.instance.group.title

    def get_organisation_display_value(self):
        return self.instance.organisation and self.instance.organisation.name

    def get_axes_display_value(self):
        return self.instance.axes_labels()

    def get_thematics_display_value(self):
        return self.instance.thematics_labels()

    def get_spaces_display_value(self):
        return self.instance.spaces_labels()

    def get_status_display_value(self):
        return status_label(self.instance)

    def get_organisation_kind_display_value(self):
        return capfirst(self.instance.get_organisation_kind_display())

    def get_message_display_value(self):
        return linebreaksbr(self.instance.message, autoescape=True)

    def get_consent_at_display_value(self):
        return brussels_display(self.instance.consent_at)

    def get_created_at_display_value(self):
        return brussels_display(self.instance.created_at)

    def get_decided_at_display_value(self):
        return brussels_display(self.instance.decided_at)

    def get_decided_by_display_value(self):
        user = self.instance.decided_by
        return user and (user.get_full_name() or user.get_username())

    def get_decision_urls(self):
        """Links to the confirmation of each decision, back here once it is done."""
        if self.instance.status != SignupStatus.PENDING:
            return {}
        if not self.permission_helper.user_can_decide(self.request.user):
            return {}
        query = urlencode({"id": self.instance.pk, "next": self.request.path})
        return {
            decision.action: f"{decision_url(decision.action)}?{query}" for decision in DECISIONS
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_urls"] = self.get_decision_urls()
        return context


class SignupDecisionView(WMABaseView):
    """The confirmation of « Accepter » or « Refuser » for the requests in ?id= (or ?id=all:
    every request the list shows with the same filters and search), then the decision: each
    partner whose request was pending is told by e-mail, requests already decided are left as
    they are."""

    decision = None
    template_name = "ppli/admin/confirm_signup_decision.html"

    def __init__(self, model_admin, decision):
        super().__init__(model_admin)
        self.decision = decision

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_decide(user)

    def get_page_title(self):
        return self.decision.display_name

    @cached_property
    def next_url(self):
        return get_valid_next_url_from_request(self.request) or self.index_url

    def selected(self):
        """The requests chosen, in the list's order; None when none was chosen."""
        ids = self.request.GET.getlist("id")
        if not ids:
            return None
        if "all" in ids:
            index = self.model_admin.index_view_class(model_admin=self.model_admin)
            index.read_listing(self.request)
            try:
                return list(index.get_queryset(self.request))
            except IncorrectLookupParameters as error:
                raise BadRequest(BAD_FILTER) from error
        if not all(pk.isdigit() for pk in ids):
            raise BadRequest("Identifiant de demande invalide : un nombre est attendu.")
        return list(WorkingGroupSignup.objects.filter(pk__in=ids).order_by("-created_at", "pk"))

    def nothing_chosen(self):
        messages.warning(self.request, "Cochez d'abord une ou plusieurs demandes.")
        return redirect(self.next_url)

    def get(self, request, *args, **kwargs):
        signups = self.selected()
        if not signups:
            return self.nothing_chosen()
        return self.render_to_response(self.get_context_data(signups=signups))

    def post(self, request, *args, **kwargs):
        signups = self.selected()
        if not signups:
            return self.nothing_chosen()
        pks = [signup.pk for signup in signups]
        chosen = WorkingGroupSignup.objects.filter(pk__in=pks)
        count = decide(chosen, self.decision.status, request.user)
        messages.success(request, self.success_message(count, len(signups) - count))
        return redirect(self.next_url)

    def success_message(self, decided, skipped):
        if decided:
            done = self.decision.done_one if decided == 1 else self.decision.done_many
            message = done % {"count": decided}
        else:
            message = "Aucune demande n'a été modifiée."
        if skipped:
            message += " " + ngettext(
                "%(count)d demande déjà traitée n'a pas été modifiée.",
                "%(count)d demandes déjà traitées n'ont pas été modifiées.",
                skipped,
            ) % {"count": skipped}
        return message

    def get_context_data(self, signups, **kwargs):
        items = [{"item": signup, "inspect_url": inspect_url(signup)} for signup in signups]
        pending = [item for item in items if item["item"].status == SignupStatus.PENDING]
        what = "une demande" if len(items) == 1 else "des demandes"
        heading = f"{self.decision.display_name} {what}"
        return super().get_context_data(
            decision=self.decision,
            heading=heading,
            pending=pending,
            decided=[item for item in items if item not in pending],
            next=self.next_url,
            **kwargs,
        )


class WorkingGroupSignupAdmin(ModelAdmin):
    """The requests to join the network, in their own admin menu item, for the Coordination
    PPLI group."""

    model = WorkingGroupSignup
    add_to_admin_menu = True
    menu_label = "Inscriptions au réseau du PPLI"
    # The menu item's name stays: bookmarks and the editors' guide point to it.
    menu_item_name = "inscriptions-groupes-de-travail"
    menu_icon = "group"
    # After "Pages" (100), before "Images" (300).
    menu_order = 250
    permission_helper_class = SignupPermissionHelper
    button_helper_class = SignupButtonHelper
    index_view_class = SignupIndexView
    index_template_name = "ppli/admin/signup_index.html"
    inspect_view_class = SignupInspectView
    inspect_view_enabled = True
    inspect_template_name = "ppli/admin/signup_inspect.html"
    # The requests are never logged: a history view would only be empty (and wagtail-modeladmin
    # checks no permission there).
    history_view_enabled = False
    list_display = ["organisation_name", "contact_name", "email", "asked", "state", "created_at"]
    list_display_add_buttons = "organisation_name"
    list_filter = [
        "status",
        "axes",
        "thematics",
        "spaces",
        "group",
        ("created_at", ReceivedFilter),
        "organisation_kind",
    ]
    # The filters' choice for requests without axes, thematics, spaces or group.
    empty_value_display = "Non renseigné"
    list_per_page = 50
    search_fields = ["organisation_name", "contact_name", "email"]
    list_export = list(EXPORT_HEADINGS)
    export_filename = "inscriptions-reseau-ppli"
    inspect_view_fields = [
        "axes",
        "thematics",
        "spaces",
        "group_title",
        "organisation_name",
        "organisation",
        "organisation_kind",
        "contact_name",
        "role",
        "email",
        "phone",
        "commune",
        "message",
        "consent_at",
        "created_at",
        "status",
        "decided_at",
        "decided_by",
    ]

    def get_queryset(self, request):
        # The export's axes, thematics and spaces columns read these: no query per row.
        return super().get_queryset(request).prefetch_related("axes", "thematics", "spaces")

    def get_list_display(self, request):
        """A first column of boxes to tick for those who decide."""
        if self.permission_helper.user_can_decide(request.user):
            return ["choice", *self.list_display]
        return self.list_display

    def choice(self, signup):
        return format_html(
            '<input type="checkbox" name="id" value="{}" aria-label="Choisir la demande de {}">',
            signup.pk,
            signup.organisation_name,
        )

    choice.short_description = "Choisir"

    def asked(self, signup):
        return signup.request_label()

    asked.short_description = "Demande"
    asked.admin_order_field = "group_title"

    def state(self, signup):
        return status_label(signup)

    state.short_description = "État"
    state.admin_order_field = "status"

    def get_extra_class_names_for_field_col(self, obj, field_name):
        # « En attente » on one line, not cut in the middle of a word.
        return ["nowrap"] if field_name == "state" else []

    def decision_view(self, request, decision):
        return SignupDecisionView.as_view(model_admin=self, decision=decision)(request)

    def get_admin_urls_for_registration(self):
        """The list, inspect (and, for superusers, add, edit, delete) views; « Accepter » and
        « Refuser »; and the snippet's former addresses, which the notification e-mails
        already sent still link to."""
        base = self.url_helper.base_url_path
        decisions = tuple(
            re_path(
                rf"^{base}/{decision.action}/$",
                self.decision_view,
                {"decision": decision},
                name=self.url_helper.get_action_url_name(decision.action),
            )
            for decision in DECISIONS
        )
        legacy = "snippets/ppli/workinggroupsignup"
        former = (
            re_path(
                rf"^{legacy}/$",
                RedirectView.as_view(
                    pattern_name=self.url_helper.get_action_url_name("index"), query_string=True
                ),
            ),
            re_path(rf"^{legacy}/inspect/(?P<pk>\d+)/$", FormerInspectRedirect.as_view()),
        )
        return super().get_admin_urls_for_registration() + decisions + former

    def register_indexing(self):
        """The requests are not content: they stay out of the reference index (and so out of
        the pages' « usage » listings)."""


class FormerInspectRedirect(RedirectView):
    """/admin/snippets/ppli/workinggroupsignup/inspect/<pk>/, as e-mails sent before
    wagtail-modeladmin wrote it, to the request's inspect view."""

    def get_redirect_url(self, pk):
        return signup_admin.url_helper.get_action_url("inspect", quote(pk))


signup_admin = WorkingGroupSignupAdmin()


def list_url():
    """The admin path of the requests' list."""
    return signup_admin.url_helper.index_url


def inspect_url(signup):
    """The admin path of a request's inspect view (prefix WAGTAILADMIN_BASE_URL for e-mails)."""
    return signup_admin.url_helper.get_action_url("inspect", quote(signup.pk))


def decision_url(action):
    """The admin path of the "accepter" or "refuser" confirmation (ids go in ?id=)."""
    return signup_admin.url_helper.get_action_url(action)
