"""Admin registrations of the PPLI and its contribution to thematic pages."""

from django.contrib.admin import display as admin_display
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .admin_views import decide_signups
from .links import thematic_links
from .models import Audience, HistorySheetPage, Organisation, WorkingGroupSignup


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "acronym", "kind", "commune"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    menu_label = "Publics"
    list_display = ["name"]
    search_fields = ["name"]


class PPLISnippetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, AudienceViewSet)
    menu_icon = "group"
    menu_label = "Partenaires du PPLI"
    menu_name = "ppli-partners"


register_snippet(PPLISnippetGroup)


@hooks.register("thematic_page_sections")
def ppli_section(thematic):
    """The thematic's PPLI objectives and actions, grouped by axis."""
    links = thematic_links(thematic)
    objectives = sum(len(items) for _, items in links["ppli_sections"])
    actions = sum(len(acts) for _, items in links["ppli_sections"] for _, acts in items)
    summary = ""
    if objectives or actions:
        parts = []
        if objectives:
            parts.append(
                ngettext("%(n)d objectif", "%(n)d objectifs", objectives) % {"n": objectives}
            )
        if actions:
            parts.append(ngettext("%(n)d action", "%(n)d actions", actions) % {"n": actions})
        summary = _("%(parts)s du Plan provincial et local d'intégration") % {
            "parts": _(" et ").join(parts)
        }
    return {
        "template": "ppli/includes/thematic_section.html",
        "anchor": "thematique-ppli",
        "heading": _("Dans le Plan provincial et local d'intégration"),
        "summary": summary,
        **links,
    }


@hooks.register("thematic_page_sections")
def history_section(thematic):
    """The sheets of the history of the PLI that cross the thematic."""
    sheets = list(
        HistorySheetPage.objects.live()
        .public()
        .filter(thematics=thematic)
        .defer_streamfields()
        .order_by("year", "path")
    )
    count = len(sheets)
    return {
        "template": "ppli/includes/thematic_history_section.html",
        "sheets": sheets,
        "anchor": "thematique-historique",
        "heading": _("Dans l'historique du PLI"),
        "summary": ngettext(
            "%(n)d fiche de l'historique du PLI", "%(n)d fiches de l'historique du PLI", count
        )
        % {"n": count}
        if count
        else "",
    }


class SignupButtonHelper(ButtonHelper):
    """Requests come from the public form: staff inspect and decide, never create or edit."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = [*(exclude or []), "edit"]
        return super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)


REQUEST_FIELDS = (
    "group_title",
    "organisation_name",
    "organisation_kind",
    "contact_name",
    "role",
    "email",
    "phone",
    "commune",
    "message",
)


class WorkingGroupSignupAdmin(ModelAdmin):
    """« Inscriptions aux groupes de travail »: list, filter, search, inspect, decide, export."""

    model = WorkingGroupSignup
    menu_label = "Inscriptions aux groupes de travail"
    menu_icon = "group"
    menu_order = 250
    add_to_settings_menu = False
    button_helper_class = SignupButtonHelper
    inspect_view_enabled = True
    index_template_name = "modeladmin/ppli/workinggroupsignup/index.html"
    list_display = (
        "select_box",
        "organisation_name",
        "contact_name",
        "email",
        "group_title",
        "status",
        "created_at",
    )
    list_filter = ("group", "status", "created_at", "organisation_kind")
    search_fields = ("organisation_name", "contact_name", "email")
    list_export = ("created_at", *REQUEST_FIELDS, "status", "decided_at")
    export_filename = "inscriptions-groupes-de-travail"
    inspect_view_fields = (
        *REQUEST_FIELDS,
        "consent_at",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    )

    @admin_display(description="Sélection")
    def select_box(self, obj):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="signup-decision" '
            'aria-label="Sélectionner la demande de {}">',
            obj.pk,
            obj.organisation_name,
        )


modeladmin_register(WorkingGroupSignupAdmin)


@hooks.register("register_admin_urls")
def register_signup_decision_url():
    return [path("ppli/inscriptions/decision/", decide_signups, name="ppli_signup_decision")]
