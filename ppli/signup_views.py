"""Serving the form « Rejoindre le réseau du PPLI » (through the `before_serve_page` hook), by the
one guarded form (core/guarded_form.py)."""

from functools import partial

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from core.guarded_form import FormGuard

from .forms import SignupForm
from .models import Organisation, WorkingGroupIndexPage
from .models.groups import SIGNUP_RESULT_SESSION_KEY
from .signup import submit

# The form's anchor: the header's « Rejoindre le réseau » link and the form's own address
# (after a failed sending the browser comes back to the form, not to the top of the page).
FORM_ANCHOR = "rejoindre-le-reseau"

# Requests allowed per address: settings.PPLI_SIGNUP_RATE_LIMIT = (requests, seconds).
SIGNUP_GUARD = FormGuard("ppli-signup", "PPLI_SIGNUP_RATE_LIMIT")


def confirmation_url(page):
    """The index page's confirmation URL."""
    index = page if isinstance(page, WorkingGroupIndexPage) else page.get_parent().specific
    return index.url + index.reverse_subpage("confirmation")


def limit_notice(minutes):
    """The French notice of a refused sending."""
    return ngettext(
        "Vous avez envoyé trop de demandes en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minute ou écrire à info@cainamur.be.",
        "Vous avez envoyé trop de demandes en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minutes ou écrire à info@cainamur.be.",
        minutes,
    ) % {"minutes": minutes}


def handle_signup(page, request):
    """GET shows the form; POST stores the request or shows the form with its errors."""
    if request.method != "POST":
        return render_signup(page, request, SignupForm())
    return SIGNUP_GUARD.receive(
        request,
        SignupForm,
        render=partial(render_signup, page, request),
        accept=partial(accept_signup, page, request),
        robot=lambda: redirect(confirmation_url(page)),
        limit_notice=limit_notice,
    )


def accept_signup(page, request, form):
    """Store the request; the confirmation page tells what became of it."""
    result = submit(form.cleaned_data)
    request.session[SIGNUP_RESULT_SESSION_KEY] = {
        "created": bool(result.created),
        "already_pending": result.already_pending,
        "spaces": [space.title for space in form.cleaned_data.get("spaces") or []],
    }
    return redirect(confirmation_url(page))


def render_signup(page, request, form, notice=None, status=200):
    """The page with the form (its errors, or what was typed) and an optional notice."""
    context = page.get_context(request)
    context.update(
        signup_form=form,
        signup_notice=notice,
        signup_anchor=FORM_ANCHOR,
        known_organisations=Organisation.objects.values_list("name", flat=True),
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)
