"""The editors' dashboard (Wagtail's admin home): what is left to write, the latest
publications, and the report behind each count.

Generic layer: other apps add their own panels, summary counts and reports from their
wagtail_hooks.py with the pieces here (`DashboardPanel`, `FigureSummaryItem`,
`DashboardReportView`, `edits_pages`, `editable_pages`…), register each report with what leads to
it by one call (`register_report`), a panel or a count without a report by another
(`show_on_dashboard`), and name the page types « À rédiger »
leaves out through TEXT_OPTIONAL_PAGES_HOOK.
"""

from zoneinfo import ZoneInfo

import django_filters
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, PageLogEntry, get_page_models
from wagtail.permissions import policy_registry

from core.document_privacy import public_documents_linked_from
from core.request_cache import once_per_request
from core.spreadsheets import NeutralisedCsvExportMixin

from .content_loader import edited_by_people_condition
from .models import BasePage

# Other apps name here the page types whose introduction and body may stay empty (their page
# is made of fields of their own): each hook returns a list of page models.
TEXT_OPTIONAL_PAGES_HOOK = "pages_to_write_text_optional"

PAGES_TO_WRITE_URL_NAME = "home_pages_to_write"
PAGES_TO_WRITE_PREVIEW = 8
LATEST_PUBLICATIONS = 8
# The centre works in Brussels time, whatever an editor's profile says.
BRUSSELS = ZoneInfo("Europe/Brussels")
GUIDE_URL_NAME = "home_editors_guide"

DRAFT = "brouillon"
MISSING_TEXT = "texte-manquant"
REASONS = [
    (DRAFT, "Brouillons jamais publiés"),
    (MISSING_TEXT, "En ligne, chapeau ou contenu vide"),
]
REASON_PARAMETER = "motif"


def french_count(count, singular, plural):
    """ "0 brouillon", "1 brouillon", "2 brouillons": French puts 0 and 1 in the singular."""
    return f"{count} {singular if count < 2 else plural}"


def filtered_url(url_name, **params):
    """The URL of a report, filtered by `params` when given."""
    url = reverse(url_name)
    return f"{url}?{urlencode(params)}" if params else url


def guide_url(section):
    """A section of the editors' guide in the admin (its headings' ids, see guide.py)."""
    return f"{reverse(GUIDE_URL_NAME)}#{section}"


def edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def page_policy():
    return policy_registry.get_by_type(Page)


def edits_pages(user):
    """True for the editors' groups (add, change or publish pages somewhere)."""
    return page_policy().user_has_any_permission(user, ["add", "change", "publish"])


def editable_pages(user):
    """The pages `user` may change, as a Page queryset (the panels and reports list only these)."""
    return page_policy().instances_user_has_permission_for(user, "change")


class ReportMenuItem(MenuItem):
    """A report's entry under « Rapports », shown to those `shown_to(user)` lets see it."""

    def __init__(self, *args, shown_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


class DashboardPanel(Component):
    """A panel of the dashboard; the hook that adds it has checked who may see it."""

    # Wagtail's own panels: moderation 210-220, recent edits 250, locked pages 300.
    order = 500

    class Media:
        css = {"all": ["home/css/admin-dashboard.css"]}

    def get_context_data(self, parent_context):
        return {"request": parent_context["request"], **self.get_panel_data(parent_context)}

    def get_panel_data(self, parent_context):
        """What the panel's template shows."""
        return {}


class FigureSummaryItem(SummaryItem):
    """A count in the site summary at the top of the dashboard, linked to its list."""

    template_name = "home/admin/summary_item.html"
    icon = "edit"

    def get_figure(self):
        """(count, label, url)."""
        raise NotImplementedError

    def get_context_data(self, parent_context):
        count, label, url = self.get_figure()
        return {"icon": self.icon, "count": count, "label": label, "url": url}


class DashboardReportMixin(NeutralisedCsvExportMixin):
    """A report of the dashboard (a Wagtail ReportView): its table of `columns` under a
    sentence that says what the list holds (`intro`), exported without formulas.

    What `register_report` needs besides Wagtail's own attributes (page_title, header_icon,
    index_url_name, index_results_url_name, export_filename): the report's address under
    /admin/ (`url_prefix`), its place under « Rapports » (`menu_order`), and the panel and
    summary count that lead to it on the dashboard (classes, or None).
    """

    # Wagtail's page report has fixed columns; this template renders `columns`.
    results_template_name = "home/admin/report_results.html"
    intro = ""
    url_prefix = ""
    menu_order = 1000
    dashboard_panel = None
    dashboard_summary_item = None

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["report_intro"] = self.intro
        return context


class DashboardReportView(DashboardReportMixin, PageReportView):
    """A report behind a dashboard count: its pages (each title opens the page's editor)."""

    any_permission_required = ["add", "change", "publish"]

    @staticmethod
    def title_column(label):
        return TitleColumn(
            "title",
            label=label,
            accessor=lambda page: page.get_admin_display_title(),
            url_name="wagtailadmin_pages:edit",
        )


def show_on_dashboard(*, panel=None, summary_item=None, shown_to=edits_pages):
    """Add a `panel` (a DashboardPanel class) and a `summary_item` (a FigureSummaryItem class)
    to the dashboard of those `shown_to(user)` lets see them (by default the groups that edit
    pages), through Wagtail's hooks."""
    if panel is not None:

        @hooks.register("construct_homepage_panels")
        def add_panel(request, panels):
            if shown_to(request.user):
                panels.append(panel())

    if summary_item is not None:

        @hooks.register("construct_homepage_summary_items")
        def add_summary_item(request, items):
            if shown_to(request.user):
                items.append(summary_item(request))


def register_report(view, shown_to=edits_pages):
    """Register a report of the editors' dashboard with Wagtail's hooks, once, from its app's
    wagtail_hooks.py: the `view` (a DashboardReportMixin view) at its `url_prefix` in the admin
    and its results (refreshed by the filters and the sorting) under `resultats/`; its entry
    under « Rapports » with its title and icon at its `menu_order` (named as its downloads,
    `export_filename`); its panel and summary count on the dashboard.

    The menu entry, the panel and the count are shown only to those `shown_to(user)` lets see
    them (by default the groups that edit pages); the view checks its own permissions.
    """

    @hooks.register("register_admin_urls")
    def report_urls():
        return [
            path(view.url_prefix, view.as_view(), name=view.index_url_name),
            path(
                f"{view.url_prefix}resultats/",
                view.as_view(results_only=True),
                name=view.index_results_url_name,
            ),
        ]

    @hooks.register("register_reports_menu_item")
    def report_menu_item():
        return ReportMenuItem(
            view.page_title,
            reverse(view.index_url_name),
            name=view.export_filename,
            icon_name=view.header_icon,
            order=view.menu_order,
            shown_to=shown_to,
        )

    show_on_dashboard(
        panel=view.dashboard_panel, summary_item=view.dashboard_summary_item, shown_to=shown_to
    )


# Pages to write


def text_page_models():
    """The page types that carry an introduction and a body a visitor expects to read."""
    hooked = hooks.get_hooks(TEXT_OPTIONAL_PAGES_HOOK)
    optional = tuple(model for hook in hooked for model in hook())
    return [
        model
        for model in get_page_models()
        if issubclass(model, BasePage) and not issubclass(model, optional)
    ]


def empty_field_condition(models, lookup):
    """Pages of `models` where `lookup` holds (a field is empty), as one condition on Page."""
    condition = Q(pk__in=[])
    for model in models:
        condition |= Q(pk__in=model._default_manager.filter(**lookup).values("pk"))
    return condition


class PagesToWrite:
    """What is left to write among the pages a user may change: the drafts the initial-content
    loader made (never published, never touched by a person) and the live pages whose
    introduction or body is empty.

    Every count and list is one query, whatever the number of pages and page types.
    """

    def __init__(self, user):
        models = text_page_models()
        self.intro_empty = empty_field_condition(models, {"intro": ""})
        self.body_empty = empty_field_condition(models, {"body": []})
        self.draft = Q(live=False, first_published_at__isnull=True) & ~edited_by_people_condition()
        self.missing_text = Q(live=True) & (self.intro_empty | self.body_empty)
        self.user = user

    def counts(self):
        """{DRAFT: n, MISSING_TEXT: n}."""
        return editable_pages(self.user).aggregate(
            **{
                DRAFT: Count("pk", filter=self.draft),
                MISSING_TEXT: Count("pk", filter=self.missing_text),
            }
        )

    def pages(self):
        """The pages, loader drafts first then in tree order, each annotated with what it lacks
        (the report filters on these)."""
        return (
            editable_pages(self.user)
            .filter(self.draft | self.missing_text)
            .annotate(
                is_loader_draft=ExpressionWrapper(self.draft, output_field=BooleanField()),
                intro_empty=ExpressionWrapper(self.intro_empty, output_field=BooleanField()),
                body_empty=ExpressionWrapper(self.body_empty, output_field=BooleanField()),
            )
            .select_related("content_type")
            .order_by("-is_loader_draft", "path")
        )


def todo_label(page):
    """What a page of `PagesToWrite.pages()` lacks, in a few words."""
    if page.is_loader_draft:
        return "brouillon jamais publié : texte à écrire"
    if page.intro_empty and page.body_empty:
        return "en ligne : chapeau et contenu vides"
    if page.intro_empty:
        return "en ligne : chapeau vide"
    return "en ligne : contenu vide"


def page_type_label(page):
    """The page's type ("page de contenu", "thématique"…), without a query per row."""
    model = page.content_type.model_class()
    return model._meta.verbose_name if model else ""


def pages_to_write_counts(request):
    """{DRAFT: n, MISSING_TEXT: n} of the request's user, counted once: the panel and the summary
    item show them both."""
    return once_per_request(
        request, "_dashboard_pages_to_write", lambda request: PagesToWrite(request.user).counts()
    )


class PagesToWritePanel(DashboardPanel):
    """« À rédiger »: the counts by reason and the first pages, each a link to its editor."""

    name = "pages_to_write"
    template_name = "home/admin/pages_to_write_panel.html"
    order = 230

    def get_panel_data(self, parent_context):
        request = parent_context["request"]
        counts = pages_to_write_counts(request)
        total = counts[DRAFT] + counts[MISSING_TEXT]
        rows = []
        if total:
            preview = PagesToWrite(request.user).pages()[:PAGES_TO_WRITE_PREVIEW]
            rows = [
                {
                    "title": page.get_admin_display_title(),
                    "url": edit_url(page.pk),
                    "todo": todo_label(page),
                }
                for page in preview
            ]
        return {
            "total": total,
            "drafts": french_count(
                counts[DRAFT], "brouillon jamais publié", "brouillons jamais publiés"
            ),
            "drafts_url": filtered_url(PAGES_TO_WRITE_URL_NAME, **{REASON_PARAMETER: DRAFT}),
            "missing": french_count(
                counts[MISSING_TEXT],
                "page en ligne au chapeau ou au contenu vide",
                "pages en ligne au chapeau ou au contenu vide",
            ),
            "missing_url": filtered_url(
                PAGES_TO_WRITE_URL_NAME, **{REASON_PARAMETER: MISSING_TEXT}
            ),
            "rows": rows,
            "all": french_count(total, "page à rédiger", "pages à rédiger"),
            "report_url": reverse(PAGES_TO_WRITE_URL_NAME),
            "help_url": guide_url("a-rediger"),
        }


class PagesToWriteSummaryItem(FigureSummaryItem):
    """ "62 pages à rédiger" beside Wagtail's page, image and document counts (for the groups
    that edit pages, as the report it leads to)."""

    order = 400

    def get_figure(self):
        counts = pages_to_write_counts(self.request)
        total = counts[DRAFT] + counts[MISSING_TEXT]
        label = "page à rédiger" if total < 2 else "pages à rédiger"
        return total, label, reverse(PAGES_TO_WRITE_URL_NAME)


class PagesToWriteFilterSet(WagtailFilterSet):
    """The report's one filter: why the page is listed."""

    motif = django_filters.ChoiceFilter(
        label="Motif", choices=REASONS, empty_label="Tous les motifs", method="filter_reason"
    )

    class Meta:
        model = Page
        fields = []

    def filter_reason(self, queryset, name, value):
        return queryset.filter(is_loader_draft=(value == DRAFT))


class PagesToWriteView(DashboardReportView):
    """« Pages à rédiger »: the full list behind the dashboard panel, filterable by reason."""

    page_title = "Pages à rédiger"
    header_icon = "edit"
    intro = (
        "Les brouillons créés à l'installation du site, jamais publiés ni repris par une "
        "personne, puis les pages en ligne dont le chapeau ou le contenu est vide."
    )
    no_results_message = "Aucune page à rédiger ici."
    index_url_name = PAGES_TO_WRITE_URL_NAME
    index_results_url_name = f"{PAGES_TO_WRITE_URL_NAME}_results"
    filterset_class = PagesToWriteFilterSet
    export_filename = "pages-a-rediger"
    url_prefix = "a-rediger/"
    menu_order = 100
    dashboard_panel = PagesToWritePanel
    dashboard_summary_item = PagesToWriteSummaryItem
    columns = [
        DashboardReportView.title_column("Page"),
        Column("todo", label="À faire", accessor=lambda page: capfirst(todo_label(page))),
        Column("type", label="Type", accessor=page_type_label),
        DateColumn("latest_revision_created_at", label="Dernière modification"),
    ]

    def get_queryset(self):
        self.queryset = PagesToWrite(self.request.user).pages()
        return super().get_queryset()


# Latest publications


class LatestPublicationsPanel(DashboardPanel):
    """« Dernières publications »: the latest pages published among those the person may edit,
    by whom and when."""

    name = "latest_publications"
    template_name = "home/admin/latest_publications_panel.html"
    order = 400

    def get_panel_data(self, parent_context):
        # The page's current title; none when the page has since been deleted.
        current_title = Page.objects.filter(pk=OuterRef("page_id")).values("title")[:1]
        # Only the pages the person may open: Coordination PPLI reads its own section.
        user = parent_context["request"].user
        entries = (
            PageLogEntry.objects.filter(
                action="wagtail.publish", page__in=editable_pages(user).values("pk")
            )
            .select_related("user")
            .annotate(current_title=Subquery(current_title))
            .order_by("-timestamp", "-pk")[:LATEST_PUBLICATIONS]
        )
        return {
            "publications": [
                {
                    "title": entry.current_title or entry.label,
                    "url": edit_url(entry.page_id) if entry.current_title is not None else "",
                    "who": entry.user_display_name,
                    "when": date_format(
                        timezone.localtime(entry.timestamp, BRUSSELS), "j F Y, H:i"
                    ),
                    "iso": entry.timestamp.isoformat(),
                }
                for entry in entries
            ],
            "history_url": reverse("wagtailadmin_reports:site_history")
            + "?"
            + urlencode({"action": "wagtail.publish"}),
        }


# E-mails that could not be sent

# The site's e-mail tasks (home.tasks, ppli.tasks), as the panel names them: their failures,
# and only theirs, are the panel's.
EMAIL_TASKS = {
    "home.tasks.send_contact_email": "message du formulaire de contact",
    "ppli.tasks.send_signup_emails": "accusé de réception d'une demande d'inscription",
    "ppli.tasks.send_decision_email": "réponse à une demande d'inscription",
    "home.tasks.send_password_reset_email": "lien pour choisir un nouveau mot de passe",
    "agenda.tasks.send_registration_email": "e-mail d'une inscription à un événement",
    "agenda.tasks.send_reminder": "rappel d'un événement à une personne inscrite",
    "agenda.staff_tasks.send_participant_message": "message de l'équipe aux participants",
    "network.tasks.send_channel_email": "e-mail sur un constat de terrain ou une demande",
    "network.tasks.send_confirmation_email": "lien de confirmation d'une réponse à la consultation",
    "network.tasks.send_follow_up_email": "lien pour suivre ses envois au réseau du PPLI",
    "network.tasks.send_member_request": "sollicitation d'un membre du réseau",
}
# The failures the panel lists by name; more are counted.
LISTED_FAILURES = 5


def failed_emails():
    """The e-mail tasks that finally failed (mail server down for hours, a dead worker three
    times: core.retry, core's requeue_stale_tasks), newest first."""
    return (
        DBTaskResult.objects.failed()
        .filter(task_path__in=EMAIL_TASKS)
        .order_by("-finished_at", "-enqueued_at")
    )


def reads_failed_emails(user):
    """Those who answer for the messages: Publication (reads contact messages) and admins."""
    return user.is_superuser or user.has_perm("wagtailforms.view_formsubmission")


class FailedEmailsPanel(DashboardPanel):
    """« E-mails non envoyés »: the e-mails the site gave up sending; shown only when there
    are some."""

    name = "failed_emails"
    template_name = "home/admin/failed_emails_panel.html"
    order = 90

    def get_panel_data(self, parent_context):
        failures = list(failed_emails()[: LISTED_FAILURES + 1])
        return {
            "failures": [
                {
                    "what": EMAIL_TASKS[failure.task_path],
                    "when": date_format(
                        timezone.localtime(failure.finished_at, BRUSSELS), "j F Y, H:i"
                    ),
                }
                for failure in failures[:LISTED_FAILURES]
            ],
            "more": len(failures) > LISTED_FAILURES,
            "help_url": guide_url("e-mails-non-envoyes"),
        }


# Documents open to anyone on restricted pages


class PublicDocumentsPanel(DashboardPanel):
    """« Documents ouverts à tous sur des pages protégées »: the restricted pages the person may
    edit that link documents of public collections (core/document_privacy.py); shown only when
    there are some."""

    name = "public_documents_on_restricted_pages"
    template_name = "home/admin/public_documents_panel.html"
    order = 95

    def get_panel_data(self, parent_context):
        user = parent_context["request"].user
        by_page = public_documents_linked_from(editable_pages(user))
        pages = Page.objects.filter(pk__in=by_page).order_by("title", "pk")
        return {
            "pages": [
                {
                    "title": page.title,
                    "url": edit_url(page.pk),
                    "documents": [document.title for document in by_page[page.pk]],
                }
                for page in pages
            ],
            "help_url": guide_url(PUBLIC_DOCUMENTS_SECTION),
        }


# The guide's section on what to do (docs/guide-redaction.md).
PUBLIC_DOCUMENTS_SECTION = "documents-ouverts-a-tous-sur-des-pages-protegees"
