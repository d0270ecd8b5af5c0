"""No silent overwrite: a page saved or published from a form loaded before someone else saved
it is refused, with who saved and when, and ways to go on.

Wagtail's edit form carries the revision it was loaded from (`loaded_revision_id`, and
`overwrite_revision_id` once it autosaved); Wagtail refuses an out-of-date autosave but lets an
ordinary save or publish overwrite the newer version. The `before_edit_page` hook refuses those
too, on the server, so it holds without JavaScript.
"""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from .exports import BRUSSELS

CONFLICT_TEMPLATE = "home/admin/edit_conflict.html"


def is_out_of_date(post, latest_revision):
    """Whether the form posted (`post`) was loaded before `latest_revision` was saved: the
    same rule as Wagtail's autosave check."""
    if latest_revision is None:
        return False
    latest_id = str(latest_revision.pk)
    if overwrite_id := post.get("overwrite_revision_id"):
        return overwrite_id != latest_id
    if loaded_id := post.get("loaded_revision_id"):
        if loaded_id != latest_id:
            return True
        # The same revision, overwritten since by another session's autosave.
        return post.get("loaded_revision_created_at", "") != latest_revision.created_at.isoformat()
    # A form without the field (not Wagtail's): nothing to compare.
    return False


def refuse_out_of_date_save(request, page):
    """The conflict page (409) when `request` posts an edit form older than the page's latest
    revision; None otherwise."""
    if request.method != "POST" or not request.accepts("text/html"):
        # Wagtail answers its own JSON requests (autosave) about conflicts.
        return None
    latest = page.get_latest_revision()
    if not is_out_of_date(request.POST, latest):
        return None
    loaded_id = request.POST.get("overwrite_revision_id") or request.POST.get("loaded_revision_id")
    compare_url = ""
    if loaded_id and loaded_id.isdigit() and page.revisions.filter(pk=loaded_id).exists():
        compare_url = reverse(
            "wagtailadmin_pages:revisions_compare", args=[page.pk, loaded_id, latest.pk]
        )
    author = latest.user.get_full_name() or latest.user.get_username() if latest.user else ""
    return TemplateResponse(
        request,
        CONFLICT_TEMPLATE,
        {
            "page": page,
            "author": author,
            "saved_at": date_format(timezone.localtime(latest.created_at, BRUSSELS), "j F Y à H:i"),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "compare_url": compare_url,
        },
        status=409,
    )
