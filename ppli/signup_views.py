"""Serving the sign-up form on the working-group pages (through the `before_serve_page` hook)."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .forms import SignupForm
from .models import Organisation, WorkingGroupIndexPage
from .models.groups import SIGNUP_RESULT_SESSION_KEY
from .signup import rate_limited, submit


def confirmation_url(page):
    index = page if isinstance(page, WorkingGroupIndexPage) else page.get_parent().specific
    return index.url + index.reverse_subpage("confirmation")


def handle_signup(page, request):
    """GET shows the form (the page's group ticked); POST stores the request or shows errors."""
    status = 200
    notice = None
    if request.method == "POST":
        if rate_limited(request):
            # Keep what was typed, without judging it: the limit is the only problem.
            form = SignupForm(
                initial={**request.POST.dict(), "groups": request.POST.getlist("groups")}
            )
            notice = _(
                "Vous avez envoyé trop de demandes en peu de temps. Veuillez réessayer dans "
                "quelques minutes ou écrire à info@cainamur.be."
            )
            status = 429
        else:
            form = SignupForm(request.POST)
            if form.is_spam():
                return redirect(confirmation_url(page))
            if form.is_valid():
                result = submit(form.cleaned_data)
                request.session[SIGNUP_RESULT_SESSION_KEY] = {
                    "created": [signup.group_title for signup in result.created],
                    "already_pending": [group.title for group in result.already_pending],
                }
                return redirect(confirmation_url(page))
    else:
        form = SignupForm(initial={"groups": page.signup_groups()})
    context = page.get_context(request)
    context.update(
        signup_form=form,
        signup_notice=notice,
        known_organisations=Organisation.objects.values_list("name", flat=True),
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)
