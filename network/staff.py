"""« PPLI 2.0 en action » in the admin: three wagtail-modeladmin lists under one menu item, for
the Coordination PPLI group (network/migrations/0002), and their panels on the dashboard.

- « Constats de terrain »: the findings sent by the network, with their status, date,
  organisation, thematics, communes and place on the site; filters by status and publication,
  search. « Modérer » opens a finding: what its sender wrote (read only), the moderation form,
  « Publier » / « Retirer du site » and « Écrire à l'auteur ».
- « Demandes d'expertise »: the requests, with their status, age, urgency, thematic, commune
  and who follows them; filters by status and urgency, search. « Traiter » opens a request:
  what was asked (read only), the triage form, « Écrire au demandeur », and the network's
  members to ask (« Solliciter »).
- « Consultations sur les constats »: create one, give it dates, read its results per item,
  moderate its comments, export its results.

Findings and requests only come from the public forms: nobody adds one here. Each list and
action checks the model's permissions (view: the lists and the dashboard; change: every
change; delete: deleting). Every change of state goes through network/channels.py
(network/staff_views.py).
"""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import linebreaksbr
from django.urls import re_path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import IndexView, InspectView

from home.dashboard import show_on_dashboard
from home.exports import BRUSSELS

from . import dashboard
from .models import (
    CommentStatus,
    Consultation,
    ConsultationAnswer,
    ConsultationItem,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    Urgency,
)
from .staff_views import (
    MODERATE_COMMENTS_PERMISSION,
    CommentsView,
    ConsultationCreateView,
    ConsultationEditView,
    ExportView,
    FindingDeleteView,
    FindingEditView,
    FindingWriteView,
    PublishView,
    RequestEditView,
    RequestWriteView,
    ResultsView,
    SolicitView,
    UnpublishView,
    brussels_datetime,
    person_name,
)

BAD_FILTER = "Filtre inconnu ou valeur invalide dans l'adresse de la liste."


# Shared pieces


class StaffIndexView(IndexView):
    """A list whose address carries only its own filters: any other lookup is refused (nobody
    filters on a field the list does not show, handled_by__password…), with a 400, never a
    500."""

    filter_parameters = set()
    search_placeholder = ""
    intro = ""
    empty_message = "Rien pour l'instant."

    def dispatch(self, request, *args, **kwargs):
        """The list, or a 400 for a filter it does not offer."""
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters as error:
            raise BadRequest(BAD_FILTER) from error

    def get_filters(self, request):
        """wagtail-modeladmin's filters, refusing any lookup the list does not offer."""
        specs, has_filters, remaining, use_distinct = super().get_filters(request)
        if set(remaining) - self.filter_parameters:
            raise IncorrectLookupParameters(BAD_FILTER)
        return specs, has_filters, remaining, use_distinct

    def get_context_data(self, **kwargs):
        """The list's context, with its search placeholder and its chosen filters."""
        context = super().get_context_data(**kwargs)
        context.update(search_placeholder=self.search_placeholder, listing_params=self.params)
        return context


class SentRecordPermissionHelper(PermissionHelper):
    """Findings and requests come from the public forms only: nobody adds one here, not even
    a superuser (the form would lack the sender's consent)."""

    def user_can_create(self, user):
        """Never: findings and requests come from the public forms."""
        return False


class StaffButtonHelper(ButtonHelper):
    """The list's buttons in plain French: the main one (« Modérer », « Traiter »…) for those
    who may change a record, « Voir » for those who may only read it; « Supprimer » for those
    who may delete it, on the record's own page when they may also change it."""

    edit_label = "Modifier"
    edit_title = "Modifier"

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        """The main button, named after what staff do with the record."""
        button = super().edit_button(pk, classnames_add, classnames_exclude)
        return {**button, "label": self.edit_label, "title": self.edit_title}

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        """« Voir », for those who may only read."""
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        return {**button, "label": "Voir", "title": "Voir le détail"}

    def delete_button(self, pk, classnames_add=None, classnames_exclude=None):
        """« Supprimer », for those who may delete."""
        button = super().delete_button(pk, classnames_add, classnames_exclude)
        return {**button, "label": "Supprimer", "title": "Supprimer définitivement"}

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        """The record's buttons, without « Voir » for those who may change it."""
        exclude = list(exclude or [])
        # Those who may change a record read it all on its edit page, which also offers
        # « Supprimer » (under « Enregistrer »): no deletion one click away in the list.
        if self.permission_helper.user_can_edit_obj(self.request.user, obj):
            exclude += ["inspect", "delete"]
        return super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)


class ReadOnlyInspectView(InspectView):
    """A record in full, for those who may only read it: each value in French, "—" for
    none."""

    def get_page_title(self):
        """The record's kind, « Constat de terrain » (not Wagtail's « Inspection »)."""
        return capfirst(self.opts.verbose_name)

    def get_page_subtitle(self):
        """The record, as it names itself."""
        return str(self.instance)

    def get_field_label(self, field_name, field=None):
        """The field's name, capitalised."""
        return capfirst(super().get_field_label(field_name, field))

    def get_field_display_value(self, field_name, field=None):
        """A value as staff read it: dates in Brussels time, lists joined, « Oui » / « Non »,
        lines kept."""
        value = getattr(self.instance, field_name, None)
        if isinstance(value, bool):
            return "Oui" if value else "Non"
        if hasattr(value, "all"):
            value = ", ".join(str(each) for each in value.all())
        elif isinstance(value, datetime.datetime):
            value = brussels_datetime(value)
        elif field_name in ("assigned_to", "handled_by"):
            value = person_name(value)
        elif isinstance(value, str) and "\n" in value:
            # A sender's or the team's text keeps its lines.
            value = linebreaksbr(value, autoescape=True)
        else:
            value = super().get_field_display_value(field_name, field)
        if hasattr(self.instance, f"get_{field_name}_display"):
            value = capfirst(value)
        return "—" if value in (None, "", self.model_admin.get_empty_value_display()) else value


def day(value):
    """ "03/03/2027" in a list's cell: short enough to stay on one line."""
    return timezone.localtime(value, BRUSSELS).strftime("%d/%m/%Y")


class ChoiceFilter(admin.ChoicesFieldListFilter):
    """Django's filter on a field's choices, its labels capitalised as the list's cells."""

    def choices(self, changelist):
        """Django's choices, their labels capitalised."""
        for choice in super().choices(changelist):
            yield {**choice, "display": capfirst(choice["display"])}


# Field findings


class PublishedFilter(admin.SimpleListFilter):
    """« Par publication »: on the site or not."""

    title = "publication"
    parameter_name = dashboard.PUBLISHED_PARAMETER

    def lookups(self, request, model_admin):
        """« En ligne », « Pas en ligne »."""
        return [("oui", "En ligne"), ("non", "Pas en ligne")]

    def queryset(self, request, queryset):
        """The findings online or not; a 400 for another value."""
        value = self.value()
        if value is None:
            return queryset
        if value not in ("oui", "non"):
            raise IncorrectLookupParameters(BAD_FILTER)
        return queryset.filter(published_at__isnull=(value == "non"))


class FindingButtonHelper(StaffButtonHelper):
    """The findings' buttons: « Modérer » leads to the moderation page."""

    edit_label = "Modérer"
    edit_title = "Modérer ce constat"


class FindingIndexView(StaffIndexView):
    """The findings: the oldest waiting first is not forced; each column sorts."""

    page_title = "Constats de terrain"
    filter_parameters = {"status", "status__exact", dashboard.PUBLISHED_PARAMETER}
    search_placeholder = "Nom, e-mail ou texte"
    empty_message = "Aucun constat de terrain reçu pour l'instant."


class FindingAdmin(ModelAdmin):
    """The field findings, their moderation and their publication."""

    model = FieldFinding
    menu_label = "Constats de terrain"
    menu_item_name = "constats-de-terrain"
    menu_icon = "clipboard-list"
    permission_helper_class = SentRecordPermissionHelper
    button_helper_class = FindingButtonHelper
    index_view_class = FindingIndexView
    index_template_name = "network/admin/index.html"
    edit_view_class = FindingEditView
    delete_view_class = FindingDeleteView
    inspect_view_class = ReadOnlyInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = [
        "organisation",
        "finding",
        "state",
        "online",
        "received",
        "thematics_list",
        "communes_list",
    ]
    list_display_add_buttons = "organisation"
    list_filter = [("status", ChoiceFilter), PublishedFilter]
    list_per_page = 50
    search_fields = [
        "organisation",
        "contact_name",
        "email",
        "description",
        "public_title",
        "public_summary",
    ]
    inspect_view_fields = [
        "status",
        "public_title",
        "public_summary",
        "published_at",
        "created_at",
        "organisation",
        "contact_name",
        "email",
        "phone",
        "description",
        "since",
        "links",
        "thematics",
        "axes",
        "communes",
        "province_wide",
        "audiences",
        "audiences_other",
        "resources",
        "handled_by",
        "internal_notes",
    ]

    def get_queryset(self, request):
        # The thematics' and communes' columns: two queries per page of the list, none per row.
        """The findings with their thematics and communes, read once per page."""
        return super().get_queryset(request).prefetch_related("thematics", "communes")

    def finding(self, finding):
        # Its public title once staff wrote one, else the start of what its sender wrote.
        """Its public title once staff wrote one, else the start of what its sender wrote."""
        return finding.public_title or dashboard.description_excerpt(finding, 70)

    finding.short_description = "Constat"

    def state(self, finding):
        """Its status, and the finding it was merged into."""
        label = capfirst(finding.get_status_display())
        if finding.status == FindingStatus.MERGED and finding.merged_into_id:
            return f"{label} (n° {finding.merged_into_id})"
        return label

    state.short_description = "État"
    state.admin_order_field = "status"

    def online(self, finding):
        """« Oui » and the day when published, « Non » otherwise."""
        if finding.published_at is None:
            return "Non"
        # The day below: the column stays narrow enough for the filters beside the list.
        published = timezone.localtime(finding.published_at, BRUSSELS)
        return format_html("Oui<br>{}", published.strftime("%d/%m/%y"))

    online.short_description = "En ligne"
    online.admin_order_field = "published_at"

    def received(self, finding):
        """The day it was received."""
        return day(finding.created_at)

    received.short_description = "Reçu le"
    received.admin_order_field = "created_at"

    def thematics_list(self, finding):
        """Its thematics, one after the other."""
        return ", ".join(thematic.title for thematic in finding.thematics.all())

    thematics_list.short_description = "Thématiques"

    def communes_list(self, finding):
        """Its communes, or « Toute la province »."""
        if finding.province_wide:
            return "Toute la province"
        return ", ".join(commune.name for commune in finding.communes.all())

    communes_list.short_description = "Communes"

    def get_empty_value_display(self, field_name=None):
        """An empty cell stays empty."""
        return ""

    def get_extra_class_names_for_field_col(self, obj, field_name):
        # The dates and states on one line each.
        """The dates on one line."""
        return ["nowrap"] if field_name in ("state", "received") else []

    def publish_view(self, request, instance_pk):
        """« Publier » (network/staff_views.py)."""
        return PublishView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def unpublish_view(self, request, instance_pk):
        """« Retirer du site » (network/staff_views.py)."""
        return UnpublishView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def write_view(self, request, instance_pk):
        """« Écrire à l'auteur » (network/staff_views.py)."""
        return FindingWriteView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        """wagtail-modeladmin's views, and « Publier », « Retirer du site », « Écrire à
        l'auteur » per finding."""
        base = self.url_helper.base_url_path
        name = self.url_helper.get_action_url_name
        actions = (
            re_path(
                rf"^{base}/publier/(?P<instance_pk>\d+)/$", self.publish_view, name=name("publier")
            ),
            re_path(
                rf"^{base}/retirer/(?P<instance_pk>\d+)/$",
                self.unpublish_view,
                name=name("retirer"),
            ),
            re_path(
                rf"^{base}/ecrire/(?P<instance_pk>\d+)/$", self.write_view, name=name("ecrire")
            ),
        )
        return super().get_admin_urls_for_registration() + actions

    def register_indexing(self):
        """Findings are records, not content: out of the reference index."""


# Expertise requests


# The urgencies in a list's narrow column.
URGENCY_SHORT = {
    Urgency.NORMAL: "Normale",
    Urgency.MONTH: "Dans le mois",
    Urgency.WEEK: "Dans la semaine",
}


class RequestButtonHelper(StaffButtonHelper):
    """The requests' buttons: « Traiter » leads to the triage page."""

    edit_label = "Traiter"
    edit_title = "Traiter cette demande"


class RequestIndexView(StaffIndexView):
    """The requests' list: filters by status and urgency, search."""

    page_title = "Demandes d'expertise"
    filter_parameters = {"status", "status__exact", "urgency", "urgency__exact"}
    search_placeholder = "Nom, e-mail ou question"
    empty_message = "Aucune demande d'expertise reçue pour l'instant."


class ExpertiseRequestAdmin(ModelAdmin):
    """The expertise requests, their triage and the network's members to ask."""

    model = ExpertiseRequest
    menu_label = "Demandes d'expertise"
    menu_item_name = "demandes-d-expertise"
    menu_icon = "help"
    permission_helper_class = SentRecordPermissionHelper
    button_helper_class = RequestButtonHelper
    index_view_class = RequestIndexView
    index_template_name = "network/admin/index.html"
    edit_view_class = RequestEditView
    inspect_view_class = ReadOnlyInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = [
        "who",
        "state",
        "age",
        "urgency_label",
        "thematic_title",
        "commune_name",
        "assigned",
    ]
    list_display_add_buttons = "who"
    list_filter = [("status", ChoiceFilter), ("urgency", ChoiceFilter)]
    list_per_page = 50
    list_select_related = ["thematic", "commune", "assigned_to"]
    search_fields = ["name", "organisation", "email", "question", "context"]
    inspect_view_fields = [
        "status",
        "created_at",
        "name",
        "organisation",
        "email",
        "phone",
        "thematic",
        "commune",
        "urgency",
        "context",
        "question",
        "concerned",
        "assigned_to",
        "internal_notes",
    ]

    def get_queryset(self, request):
        """The requests with their thematic, commune and staff member, in the list's own query."""
        return super().get_queryset(request).select_related("thematic", "commune", "assigned_to")

    def who(self, expertise_request):
        """Who asked, and for which organisation."""
        if expertise_request.organisation:
            return f"{expertise_request.name} ({expertise_request.organisation})"
        return expertise_request.name

    who.short_description = "Demandeur"
    who.admin_order_field = "name"

    def state(self, expertise_request):
        """Its status, capitalised."""
        return capfirst(expertise_request.get_status_display())

    state.short_description = "État"
    state.admin_order_field = "status"

    def age(self, expertise_request):
        """How long ago it was received."""
        return dashboard.waited(dashboard.days_since(expertise_request.created_at))

    age.short_description = "Depuis"
    age.admin_order_field = "-created_at"

    def urgency_label(self, expertise_request):
        """Its urgency in a few words, the urgent ones in bold."""
        label = URGENCY_SHORT.get(expertise_request.urgency, "")
        if expertise_request.urgency == Urgency.WEEK:
            return format_html("<strong>{}</strong>", label)
        return label

    urgency_label.short_description = "Urgence"
    urgency_label.admin_order_field = "urgency"

    def thematic_title(self, expertise_request):
        """Its thematic."""
        return expertise_request.thematic.title if expertise_request.thematic else ""

    thematic_title.short_description = "Thématique"

    def commune_name(self, expertise_request):
        """Its commune."""
        return expertise_request.commune.name if expertise_request.commune else ""

    commune_name.short_description = "Commune"

    def assigned(self, expertise_request):
        """Who follows it."""
        return person_name(expertise_request.assigned_to)

    assigned.short_description = "Suivie par"

    def get_empty_value_display(self, field_name=None):
        """An empty cell stays empty."""
        return ""

    def get_extra_class_names_for_field_col(self, obj, field_name):
        """The status and the age on one line."""
        return ["nowrap"] if field_name in ("state", "age") else []

    def write_view(self, request, instance_pk):
        """« Écrire au demandeur » (network/staff_views.py)."""
        return RequestWriteView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def solicit_view(self, request, instance_pk, signup_id):
        """« Solliciter » a network member (network/staff_views.py)."""
        return SolicitView.as_view(
            model_admin=self, instance_pk=instance_pk, signup_id=int(signup_id)
        )(request)

    def get_admin_urls_for_registration(self):
        """wagtail-modeladmin's views, « Écrire au demandeur » and « Solliciter » (a request,
        a network member's sign-up)."""
        base = self.url_helper.base_url_path
        name = self.url_helper.get_action_url_name
        actions = (
            re_path(
                rf"^{base}/ecrire/(?P<instance_pk>\d+)/$", self.write_view, name=name("ecrire")
            ),
            re_path(
                rf"^{base}/solliciter/(?P<instance_pk>\d+)/(?P<signup_id>\d+)/$",
                self.solicit_view,
                name=name("solliciter"),
            ),
        )
        return super().get_admin_urls_for_registration() + actions

    def register_indexing(self):
        """Requests are records, not content: out of the reference index."""


# Consultations


def count_of(rows, consultation_field, counted="pk"):
    """A subquery counting (distinct) `counted` among `rows` of the outer consultation, 0 for
    none: one column of the list's own query."""
    return Coalesce(
        Subquery(
            rows.filter(**{consultation_field: OuterRef("pk")})
            .order_by()
            .values(consultation_field)
            .annotate(count=Count(counted, distinct=True))
            .values("count"),
            output_field=IntegerField(),
        ),
        0,
    )


class ConsultationButtonHelper(StaffButtonHelper):
    """Each consultation's buttons: change it, its results, its comments."""

    edit_label = "Modifier"
    edit_title = "Modifier les dates ou le titre"

    def add_button(self, classnames_add=None, classnames_exclude=None):
        """« Nouvelle consultation »."""
        button = super().add_button(classnames_add, classnames_exclude)
        return {**button, "label": "Nouvelle consultation", "title": "Nouvelle consultation"}

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        """« Modifier », then « Résultats » and, for those who moderate, « Commentaires »."""
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        classname = self.finalise_classname(
            [*self.inspect_button_classnames, *(classnames_add or [])], classnames_exclude
        )
        buttons.append(
            {
                "url": self.url_helper.get_action_url("resultats", obj.pk),
                "label": "Résultats",
                "classname": classname,
                "title": "Les réponses par question, et les exports",
            }
        )
        if self.request.user.has_perm(MODERATE_COMMENTS_PERMISSION):
            pending = getattr(obj, "pending_comments", 0)
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("commentaires", obj.pk),
                    "label": f"Commentaires ({pending} à modérer)" if pending else "Commentaires",
                    "classname": classname,
                    "title": "Publier ou non les commentaires",
                }
            )
        return buttons


class ConsultationIndexView(StaffIndexView):
    """The consultations' list, under a sentence that says what they are."""

    page_title = "Consultations sur les constats"
    intro = (
        "Le réseau dit, question par question, si les constats du diagnostic 2016-2017 sont "
        "toujours d'actualité. Une consultation sans dates est un brouillon ; la page publique "
        "montre la plus récente qui a des dates."
    )
    empty_message = "Aucune consultation pour l'instant."


class ConsultationAdmin(ModelAdmin):
    """The consultations of the network on the 2016-2017 findings."""

    model = Consultation
    menu_label = "Consultations sur les constats"
    menu_item_name = "consultations-sur-les-constats"
    menu_icon = "comment"
    button_helper_class = ConsultationButtonHelper
    index_view_class = ConsultationIndexView
    index_template_name = "network/admin/index.html"
    create_view_class = ConsultationCreateView
    edit_view_class = ConsultationEditView
    inspect_view_enabled = False
    history_view_enabled = False
    list_display = ["title", "period", "state", "items_count", "participants_count", "pending"]
    list_display_add_buttons = "title"
    list_per_page = 50

    def get_queryset(self, request):
        # Each column's count is one subquery of the list's own query: none per row.
        """The consultations, each with its counts of items, people and comments to moderate."""
        pending = ConsultationAnswer.objects.filter(comment_status=CommentStatus.PENDING).exclude(
            comment=""
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                item_count=count_of(ConsultationItem.objects.all(), "consultation"),
                participant_count=count_of(
                    ConsultationAnswer.objects.all(), "item__consultation", "participant"
                ),
                pending_comments=count_of(pending, "item__consultation"),
            )
        )

    def period(self, consultation):
        """Its dates, « 01/03/2027 – 31/03/2027 », or « — » for a draft."""
        if not (consultation.opens_on and consultation.closes_on):
            return "—"
        return f"{consultation.opens_on:%d/%m/%Y} – {consultation.closes_on:%d/%m/%Y}"

    period.short_description = "Dates"
    period.admin_order_field = "opens_on"

    def state(self, consultation):
        """Draft, to come, open or closed."""
        return dashboard.consultation_state(consultation)

    state.short_description = "État"

    def items_count(self, consultation):
        """How many questions it asks."""
        return consultation.item_count

    items_count.short_description = "Questions"

    def participants_count(self, consultation):
        """How many confirmed addresses answered."""
        return consultation.participant_count

    participants_count.short_description = "Personnes"

    def pending(self, consultation):
        """How many comments wait for moderation."""
        return consultation.pending_comments

    pending.short_description = "Commentaires à modérer"

    def get_empty_value_display(self, field_name=None):
        """An empty cell stays empty."""
        return ""

    def get_extra_class_names_for_field_col(self, obj, field_name):
        """The dates and the state on one line."""
        return ["nowrap"] if field_name in ("period", "state") else []

    def results_view(self, request, instance_pk):
        """« Résultats » (network/staff_views.py)."""
        return ResultsView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def comments_view(self, request, instance_pk):
        """« Commentaires » (network/staff_views.py)."""
        return CommentsView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def export_view(self, request, instance_pk, name):
        """The results' exports (network/staff_views.py)."""
        return ExportView.as_view(model_admin=self, instance_pk=instance_pk, name=name)(request)

    def get_admin_urls_for_registration(self):
        """wagtail-modeladmin's views, and per consultation « Résultats », « Commentaires »
        and the exports."""
        base = self.url_helper.base_url_path
        name = self.url_helper.get_action_url_name
        actions = (
            re_path(
                rf"^{base}/resultats/(?P<instance_pk>\d+)/$",
                self.results_view,
                name=name("resultats"),
            ),
            re_path(
                rf"^{base}/commentaires/(?P<instance_pk>\d+)/$",
                self.comments_view,
                name=name("commentaires"),
            ),
            re_path(
                rf"^{base}/export/(?P<instance_pk>\d+)/"
                r"(?P<name>resultats\.xlsx|resultats\.csv|commentaires\.csv)$",
                self.export_view,
                name=name("export"),
            ),
        )
        return super().get_admin_urls_for_registration() + actions

    def register_indexing(self):
        """Consultations are records, not content: out of the reference index."""


class NetworkAdminGroup(ModelAdminGroup):
    """« PPLI en action » in the admin menu: its three lists."""

    # « PPLI 2.0 en action » would be cut in the menu's width.
    menu_label = "PPLI en action"
    menu_item_name = "ppli-en-action"
    menu_icon = "site"
    # After the PPLI's sign-ups (250), before the agenda's registrations (260).
    menu_order = 255
    items = (FindingAdmin, ExpertiseRequestAdmin, ConsultationAdmin)


network_admin = NetworkAdminGroup()
finding_admin, request_admin, consultation_admin = network_admin.modeladmin_instances


def register():
    """Put « PPLI 2.0 en action » in the admin (what modeladmin_register() does, on the
    instances whose URLs the dashboard reverses) and its three panels on the dashboard of
    those who may see what they count. Called once, from network/wagtail_hooks.py."""
    network_admin.register_with_wagtail()
    show_on_dashboard(panel=dashboard.FindingsPanel, shown_to=dashboard.reads_findings)
    show_on_dashboard(panel=dashboard.RequestsPanel, shown_to=dashboard.reads_requests)
    show_on_dashboard(panel=dashboard.ConsultationPanel, shown_to=dashboard.reads_consultations)
