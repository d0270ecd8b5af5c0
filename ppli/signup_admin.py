"""« Inscriptions au réseau du PPLI » in the admin: list, filters, search, inspect, accept or
refuse, export. Requests made before the network form (one 2017-2020 group each) are listed too,
with their group.

Requests only come from the public form: staff never create or edit one. The "Coordination
PPLI" group reads them (view permission) and decides (decide permission); deciding is one path
only, the "accepter" / "refuser" bulk actions, which the inspect view also links to.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import ngettext
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

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


class SignupIndexView(NeutralisedCsvExportMixin, IndexView):
    """The list: a search placeholder that fits, exports in French and in Brussels time, and a
    CSV export where no partner's text runs as a formula."""

    custom_value_preprocess = with_brussels_datetimes(IndexView.custom_value_preprocess)
    custom_field_preprocess = {
        "status": choice_label(SignupStatus),
        "organisation_kind": choice_label(OrganisationKind),
    }

    def get_base_queryset(self):
        # The export's axes, thematics and spaces columns read these: no query per row.
        return super().get_base_queryset().prefetch_related("axes", "thematics", "spaces")

    def get_search_form(self):
        if not self.is_searchable:
            return None
        data = self.request.GET if self.search_kwarg in self.request.GET else None
        return SearchForm(data, placeholder=SEARCH_PLACEHOLDER)


class SignupInspectView(InspectView):
    """One request in full, and the buttons that accept or refuse it while it is pending."""

    labels = {
        "group_title": "Groupe (2017-2020)",
        "organisation": "Organisation connue du PPLI",
        "spaces": "Espaces de concertation",
    }

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_page_subtitle(self):
        # What was asked comes first: the header stays short enough to be read whole.
        return self.object.organisation_name

    def get_group_title_display_value(self):
        return self.object.group_title or "—"

    def get_axes_display_value(self):
        return self.object.axes_labels() or "—"

    def get_thematics_display_value(self):
        return self.object.thematics_labels() or "—"

    def get_spaces_display_value(self):
        return self.object.spaces_labels() or "—"

    def get_status_display_value(self):
        return status_label(self.object)

    def get_organisation_kind_display_value(self):
        return capfirst(self.object.get_organisation_kind_display())

    def get_message_display_value(self):
        return linebreaksbr(self.object.message, autoescape=True)

    def get_consent_at_display_value(self):
        return brussels_display(self.object.consent_at)

    def get_created_at_display_value(self):
        return brussels_display(self.object.created_at)

    def get_decided_at_display_value(self):
        return brussels_display(self.object.decided_at)

    def get_decided_by_display_value(self):
        user = self.object.decided_by
        return user and (user.get_full_name() or user.get_username())

    def get_decision_urls(self):
        """Links to the confirmation of each decision, back here once it is done."""
        if self.object.status != SignupStatus.PENDING:
            return {}
        if not self.request.user.has_perm(DECIDE_PERMISSION):
            return {}
        query = urlencode({"id": self.object.pk, "next": self.request.path})
        return {
            action.action_type: f"{decision_url(action.action_type)}?{query}"
            for action in (AcceptSignupsBulkAction, RefuseSignupsBulkAction)
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decision_urls"] = self.get_decision_urls()
        return context


class WorkingGroupSignupViewSet(SnippetViewSet):
    """The requests to join the network, in their own admin menu item, for the Coordination
    PPLI group."""

    model = WorkingGroupSignup
    add_to_admin_menu = True
    menu_label = "Inscriptions au réseau du PPLI"
    # The menu item's name stays: bookmarks and the editors' guide point to it.
    menu_name = "inscriptions-groupes-de-travail"
    icon = "group"
    # After "Pages" (100), before "Images" (300).
    menu_order = 250
    # The requests are not content: they stay out of the pages' "usage" listings.
    add_to_reference_index = False
    index_view_class = SignupIndexView
    inspect_view_class = SignupInspectView
    inspect_view_enabled = True
    inspect_template_name = "ppli/admin/signup_inspect.html"
    copy_view_enabled = False
    list_display = [
        "organisation_name",
        "contact_name",
        "email",
        Column("request", label="Demande", accessor="request_label", sort_key="group_title"),
        Column("status", label="État", accessor=status_label, sort_key="status"),
        "created_at",
    ]
    list_filter = [
        "status",
        "axes",
        "thematics",
        "spaces",
        "group",
        "created_at",
        "organisation_kind",
    ]
    search_fields = ["organisation_name", "contact_name", "email"]
    list_export = list(EXPORT_HEADINGS)
    export_headings = EXPORT_HEADINGS
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

    def register_chooser_viewset(self):
        """No chooser: a request is never picked from another form, and Wagtail's chooser
        would list the requests to any admin user, whatever their permissions."""


signup_viewset = WorkingGroupSignupViewSet()


def inspect_url(signup):
    """The admin path of a request's inspect view (prefix WAGTAILADMIN_BASE_URL for e-mails)."""
    return reverse(signup_viewset.get_url_name("inspect"), args=(quote(signup.pk),))


def decision_url(action_type):
    """The admin path of the "accepter" or "refuser" bulk action (ids go in ?id=)."""
    opts = WorkingGroupSignup._meta
    return reverse("wagtail_bulk_action", args=(opts.app_label, opts.model_name, action_type))


class SignupDecisionBulkAction(SnippetBulkAction):
    """Accept or refuse the selected requests; each partner whose request was pending is told
    by e-mail, and requests already decided are left as they are."""

    models = [WorkingGroupSignup]
    template_name = "ppli/admin/confirm_signup_decision.html"
    status = None
    confirm_label = ""
    done_one = ""
    done_many = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DECIDE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, signup):
        return self.request.user.has_perm(DECIDE_PERMISSION)

    def get_all_objects_in_listing_query(self, parent_id):
        """Wagtail's "all in listing" is what the list shows: its filters and search apply."""
        index = signup_viewset.index_view
        view = index.view_class(**index.view_initkwargs)
        view.setup(self.request)
        return view.get_queryset().values_list("pk", flat=True)

    def object_context(self, signup):
        return {
            **super().object_context(signup),
            "inspect_url": inspect_url(signup),
            "pending": signup.status == SignupStatus.PENDING,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = [item for item in context["items"] if item["pending"]]
        count = len(context["items"])
        context.update(
            action=self,
            heading=f"{self.display_name} {'une demande' if count == 1 else 'des demandes'}",
            pending=pending,
            decided=[item for item in context["items"] if not item["pending"]],
        )
        return context

    @classmethod
    def execute_action(cls, objects, **kwargs):
        user = kwargs["self"].request.user
        pks = [signup.pk for signup in objects]
        return decide(WorkingGroupSignup.objects.filter(pk__in=pks), cls.status, user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        skipped = len(self.actionable_objects) - num_parent_objects
        if num_parent_objects:
            done = self.done_one if num_parent_objects == 1 else self.done_many
            message = done % {"count": num_parent_objects}
        else:
            message = "Aucune demande n'a été modifiée."
        if skipped:
            message += " " + ngettext(
                "%(count)d demande déjà traitée n'a pas été modifiée.",
                "%(count)d demandes déjà traitées n'ont pas été modifiées.",
                skipped,
            ) % {"count": skipped}
        return message


class AcceptSignupsBulkAction(SignupDecisionBulkAction):
    """« Accepter »: the partner joins the network (or, for an old request, the group) and is
    told so by e-mail."""

    display_name = "Accepter"
    action_type = "accepter"
    aria_label = "Accepter les demandes sélectionnées"
    action_priority = 10
    status = SignupStatus.ACCEPTED
    confirm_label = "Oui, accepter"
    done_one = "%(count)d demande acceptée ; le partenaire reçoit un e-mail."
    done_many = "%(count)d demandes acceptées ; chaque partenaire reçoit un e-mail."


class RefuseSignupsBulkAction(SignupDecisionBulkAction):
    """« Refuser »: the partner is told by e-mail that the request was not retained."""

    display_name = "Refuser"
    action_type = "refuser"
    aria_label = "Refuser les demandes sélectionnées"
    action_priority = 20
    status = SignupStatus.DECLINED
    confirm_label = "Oui, refuser"
    done_one = "%(count)d demande refusée ; le partenaire reçoit un e-mail."
    done_many = "%(count)d demandes refusées ; chaque partenaire reçoit un e-mail."
