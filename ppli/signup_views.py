"""Serving the form « Rejoindre le réseau du PPLI » (through the `before_serve_page` hook)."""

import math

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from core.ratelimit import client_address

from .forms import SignupForm
from .models import Organisation, WorkingGroupIndexPage
from .models.groups import SIGNUP_RESULT_SESSION_KEY
from .signup import rate_limit, submit

# The form's anchor: the header's « Rejoindre le réseau » link and the form's own address
# (after a failed sending the browser comes back to the form, not to the top of the page).
FORM_ANCHOR = "rejoindre-le-reseau"
MULTIPLE_FIELDS = ("axes", "thematics", "spaces")


def confirmation_url(page):
    """The index page's confirmation URL."""
    index = page if isinstance(page, WorkingGroupIndexPage) else page.get_parent().specific
    return index.url + index.reverse_subpage("confirmation")


def limit_notice(seconds):
    """The French notice of a refused sending, with the wait rounded up to the minute."""
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Vous avez envoyé trop de demandes en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minute ou écrire à info@cainamur.be.",
        "Vous avez envoyé trop de demandes en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minutes ou écrire à info@cainamur.be.",
        minutes,
    ) % {"minutes": minutes}


def handle_signup(page, request):
    """GET shows the form; POST stores the request or shows the form with its errors."""
    status = 200
    notice = None
    retry_after = 0
    if request.method == "POST":
        limit = rate_limit()
        address = client_address(request)
        retry_after = limit.retry_after(address)
        if retry_after:
            # Keep what was typed, without judging it: the limit is the only problem.
            form = SignupForm(
                initial={
                    **request.POST.dict(),
                    **{name: request.POST.getlist(name) for name in MULTIPLE_FIELDS},
                }
            )
            notice = limit_notice(retry_after)
            status = 429
        else:
            form = SignupForm(request.POST)
            # Only what reaches the database and caught bots count: a partner's typing mistakes
            # (an invalid form) never use up their sendings.
            if form.is_spam():
                limit.hit(address)
                return redirect(confirmation_url(page))
            if form.is_valid():
                result = submit(form.cleaned_data)
                limit.hit(address)
                request.session[SIGNUP_RESULT_SESSION_KEY] = {
                    "created": bool(result.created),
                    "already_pending": result.already_pending,
                    "spaces": [space.title for space in form.cleaned_data.get("spaces") or []],
                }
                return redirect(confirmation_url(page))
    else:
        form = SignupForm()
    context = page.get_context(request)
    context.update(
        signup_form=form,
        signup_notice=notice,
        signup_anchor=FORM_ANCHOR,
        known_organisations=Organisation.objects.values_list("name", flat=True),
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
