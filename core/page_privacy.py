"""Files served beside a page (a plan's export.json, the directory's export.geojson) keep that
page's privacy.

Wagtail checks a page's view restrictions when it serves the page (its `on_serve_page` hook),
but a file with its own URL never goes through Wagtail's serving. `serve_beside` asks the same
questions through Wagtail's public API (`get_view_restrictions`, `accept_request`) and gives the
same answers: the page's password form, or the login page, never the file. Like Wagtail, it
marks every answer about a restricted page "never cache": the page cache (pagecache/) and the
proxies keep none of them.
"""

from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction

# Wagtail's own login redirect for restricted pages, which wagtail.documents imports too.
from wagtail.wagtail_hooks import require_wagtail_login


def serve_beside(page, request, serve):
    """`serve()`'s response if the request may see `page` (specific), else what Wagtail answers
    for the page itself.

    A password restriction answers the page's password form; once the password is given, the
    form sends the visitor back to the file's own address. A login or group restriction sends
    them to the login page, and back to the file after it.
    """
    restrictions = page.get_view_restrictions()
    for restriction in restrictions:
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action_url = reverse(
                "wagtailcore_authenticate_with_password", args=[restriction.id, page.id]
            )
            response = page.serve_password_required_response(request, form, action_url)
        elif restriction.restriction_type in (
            PageViewRestriction.LOGIN,
            PageViewRestriction.GROUPS,
        ):
            response = require_wagtail_login(next=request.get_full_path())
        else:  # a kind Wagtail itself does not refuse on
            continue
        add_never_cache_headers(response)
        return response
    response = serve()
    if restrictions:
        add_never_cache_headers(response)
    return response
