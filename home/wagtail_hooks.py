"""Admin registrations of the home app."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from core.document_privacy import public_documents_linked_from
from core.snippet_views import StaffListViewSet

from . import dashboard
from .edit_conflicts import refuse_out_of_date_save
from .guide import GuideView
from .models import CONTACT_MESSAGE_STORED_HOOK, Person
from .rich_text import PublishedPageLinkHandler
from .tasks import send_contact_email


class PersonViewSet(StaffListViewSet):
    """The team members, edited as snippets and placed on the team page."""

    model = Person
    icon = "user"
    menu_label = "Équipe"
    list_display = ["name", "role", "email"]
    search_fields = ["name", "role"]


register_snippet(PersonViewSet)


@hooks.register("register_rich_text_features", order=10)
def link_only_published_pages(features):
    """After Wagtail's own (order 0): a link to a draft is plain text until it is published."""
    features.register_link_type(PublishedPageLinkHandler)


@hooks.register(CONTACT_MESSAGE_STORED_HOOK)
def email_contact_message(submission):
    """Put a stored contact message's e-mail in the task queue (its id only)."""
    send_contact_email.enqueue(submission.pk)


@hooks.register("filter_form_submissions_for_user")
def contact_messages_for_readers_only(user, editable_forms):
    """Only the Publication group and superusers read the contact messages (names, e-mails):
    Wagtail would show them to whoever may edit the form page, Rédaction included."""
    if user.has_perm("wagtailforms.view_formsubmission"):
        return editable_forms
    return editable_forms.none()


# « Pages à rédiger »: the « À rédiger » panel, the count at the top of the dashboard, the
# report and its entry under « Rapports »; and « Dernières publications ». For the groups that
# edit pages.
dashboard.register_report(dashboard.PagesToWriteView)
dashboard.show_on_dashboard(panel=dashboard.LatestPublicationsPanel)
dashboard.show_on_dashboard(
    panel=dashboard.FailedEmailsPanel, shown_to=dashboard.reads_failed_emails
)
dashboard.show_on_dashboard(panel=dashboard.PublicDocumentsPanel)


@hooks.register("register_admin_urls")
def editors_guide_url():
    """The editors' guide."""
    return [path("guide/", GuideView.as_view(), name=dashboard.GUIDE_URL_NAME)]


@hooks.register("register_admin_menu_item")
def editors_guide_menu_item():
    """« Guide de rédaction », for every admin user, just above Wagtail's own « Aide » (11000)."""
    return MenuItem(
        "Guide de rédaction",
        reverse(dashboard.GUIDE_URL_NAME),
        name="guide-de-redaction",
        icon_name="help",
        order=10900,
    )


@hooks.register("insert_global_admin_css")
def editors_admin_css():
    """The project's few admin styles (e.g. the type-ahead choosers' chosen items)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("construct_help_menu")
def french_help_only(request, menu_items):
    """Wagtail's "What's new" and "Editor Guide" open English pages on wagtail.org: the
    editors have their own guide ("Guide de rédaction"); the keyboard shortcuts stay."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("construct_reports_menu")
def reports_for_administrators_only(request, menu_items):
    """Wagtail's « Utilisation des types de page » offers to add a page of every type, the
    one-of-a-kind ones (home page, glossary, PPLI landing) included, which only lead to a
    refusal: a report for administrators, not for the editors' groups."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


@hooks.register("before_edit_page")
def no_silent_overwrite(request, page):
    """Refuse a save or publish from a form loaded before someone else saved the page
    (home/edit_conflicts.py)."""
    return refuse_out_of_date_save(request, page)


@hooks.register("before_edit_page")
def warn_of_public_documents(request, page):
    """Tell the editor of a restricted page which of its documents anyone can open
    (core/document_privacy.py); the same list as the dashboard's panel."""
    if request.method != "GET":
        return None
    documents = public_documents_linked_from(Page.objects.filter(pk=page.pk)).get(page.pk)
    if documents:
        titles = ", ".join(f"« {document.title} »" for document in documents)
        messages.warning(
            request,
            ngettext(
                "Cette page est protégée, mais son document %(titles)s s'ouvre pour tout le "
                "monde par son adresse : sa collection n'est pas à accès restreint.",
                "Cette page est protégée, mais ses documents %(titles)s s'ouvrent pour tout le "
                "monde par leur adresse : leur collection n'est pas à accès restreint.",
                len(documents),
            )
            % {"titles": titles},
            buttons=[
                messages.button(
                    dashboard.guide_url(dashboard.PUBLIC_DOCUMENTS_SECTION), "Que faire ?"
                )
            ],
        )
    return None
