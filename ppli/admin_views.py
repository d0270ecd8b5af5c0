"""Staff decide on several sign-up requests at once from the admin list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import SignupStatus, WorkingGroupSignup
from .signup import decide

DECISIONS = {"accepter": SignupStatus.ACCEPTED, "refuser": SignupStatus.DECLINED}
LIST_URL = "/admin/ppli/workinggroupsignup/"


@require_POST
def decide_signups(request):
    """Accept or refuse the selected pending requests; already decided ones are left alone."""
    if not request.user.has_perm("ppli.change_workinggroupsignup"):
        raise PermissionDenied
    back = request.POST.get("next", LIST_URL)
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = LIST_URL
    status = DECISIONS.get(request.POST.get("decision"))
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    if status is None or not ids:
        messages.error(
            request, "Sélectionnez au moins une demande, puis « Accepter » ou « Refuser »."
        )
        return redirect(back)
    count = decide(WorkingGroupSignup.objects.filter(pk__in=ids), status, request.user)
    label = "acceptée" if status == SignupStatus.ACCEPTED else "refusée"
    skipped = len(ids) - count
    messages.success(
        request,
        f"{count} demande(s) {label}(s) ; un e-mail a été envoyé à chaque partenaire."
        + (f" {skipped} demande(s) déjà traitée(s) n'ont pas été modifiées." if skipped else ""),
    )
    return redirect(back)
