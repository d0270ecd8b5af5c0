"""Admin registrations of the PPLI and its contribution to thematic pages."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.snippet_views import StaffListViewSet
from home.dashboard import TEXT_OPTIONAL_PAGES_HOOK, register_report, show_on_dashboard
from taxonomies.models import Audience
from taxonomies.views import AudienceViewSet
from thematiques.models import SECTION_ORDER, SECTIONS_HOOK

from . import dashboard
from .cards import PartnerUrls
from .links import counts_text, thematic_summary
from .models import ActionPage, HistorySheetPage, ObjectivePage, Organisation
from .models.groups import SignupFormMixin
from .signup_admin import signup_admin
from .signup_views import handle_signup


class OrganisationViewSet(StaffListViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "acronym", "kind", "commune"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


class PPLISnippetGroup(SnippetViewSetGroup):
    # The audiences are shared with the library (taxonomies) but edited here, beside the
    # partners: the menu the editors know ("Partenaires du PPLI › Publics").
    items = (OrganisationViewSet, AudienceViewSet)
    menu_icon = "group"
    menu_label = "Partenaires du PPLI"
    menu_name = "ppli-partners"


register_snippet(PPLISnippetGroup)


@hooks.register("organisation_page_url")
def organisation_page_url(organisation, request):
    """A partner's public page, for the apps that link to it without importing ppli."""
    return PartnerUrls.for_request(request).url("organisation", organisation.slug)


# After Wagtail's own before_serve_page hooks (order 0: view restrictions), so a private
# group page asks for its password before any form is shown or stored.
@hooks.register("before_serve_page", order=100)
def serve_signup_form(page, request, serve_args, serve_kwargs):
    """The working-group pages' sign-up form: GET shows it, POST stores the request."""
    if isinstance(page, SignupFormMixin) and page.shows_signup_form(serve_args):
        return handle_signup(page, request)
    return None


@hooks.register(SECTIONS_HOOK, order=SECTION_ORDER["ppli"])
def ppli_section(thematic):
    """The thematic in the plan, short: per axis, how many objectives and actions concern it,
    its first actions, and links to the plan overview filtered by the thematic."""
    links = thematic_summary(thematic)
    plans = links["ppli_plans"]
    objectives = sum(plan.objective_count for plan in plans)
    actions = sum(plan.action_count for plan in plans)
    summary = ""
    if objectives or actions:
        summary = _("%(parts)s du Plan provincial et local d'intégration") % {
            "parts": counts_text(objectives, actions)
        }
    return {
        "template": "ppli/includes/thematic_section.html",
        "anchor": "thematique-ppli",
        "heading": _("Dans le Plan provincial et local d'intégration"),
        "summary": summary,
        **links,
    }


@hooks.register(SECTIONS_HOOK, order=SECTION_ORDER["history"])
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


@hooks.register("search_sections")
def partners_search_section():
    """The site search's « Partenaires et publics du PPLI »: partners and audiences whose
    name (or acronym) matches, each linking to its page under the PPLI landing."""
    return {
        "heading": _("Partenaires et publics du PPLI"),
        "querysets": [Organisation.objects.all(), Audience.objects.all()],
        "describe": describe_partners,
    }


def describe_partners(request, records):
    """Search results for organisations and audiences; none without a PPLI landing."""
    if not records:
        return []
    urls = PartnerUrls.for_request(request)
    described = []
    for record in records:
        aliases = []
        if isinstance(record, Organisation):
            route, kind = "organisation", _("partenaire du PPLI")
            acronym = record.acronym if record.acronym.casefold() != record.name.casefold() else ""
            aliases = [acronym] if acronym else []
            facts = [acronym, record.get_kind_display(), record.commune]
            text = " · ".join(str(fact) for fact in facts if fact)
        else:
            route, kind = "audience", _("public du PPLI")
            text = Truncator(record.description).words(30, truncate=" …")
        url = urls.url(route, record.slug)
        if url:
            described.append(
                {"title": record.name, "url": url, "kind": kind, "text": text, "aliases": aliases}
            )
    return described


# « Inscriptions au réseau du PPLI »: a wagtail-modeladmin ModelAdmin (signup_admin.py); what
# modeladmin_register() does, on the instance whose URLs the dashboard and e-mails reverse.
signup_admin.register_with_wagtail()


# The editors' dashboard (dashboard.py).


@hooks.register(TEXT_OPTIONAL_PAGES_HOOK)
def plan_items_text_optional():
    """Objectives and actions are written in fields of their own (number, text, partners…):
    « À rédiger » leaves out their optional introduction and body, « Qualité du PPLI » follows
    what they lack."""
    return [ObjectivePage, ActionPage]


# « Qualité du PPLI » and the report behind it, « Actions du PPLI à compléter », for the
# groups that edit pages; the pending sign-ups and their count, for those who decide on them.
register_report(dashboard.ActionsToCompleteView)
show_on_dashboard(
    panel=dashboard.PendingSignupsPanel,
    summary_item=dashboard.PendingSignupsSummaryItem,
    shown_to=dashboard.decides_signups,
)


@hooks.register("register_admin_viewset")
def register_action_listing():
    """The "Actions du PPLI" admin menu item: every action, filtered by state or group."""
    from .admin_listings import action_listing

    return action_listing
