"""The network's routes that answer with more than the page, served through network's
`before_serve_page` hook (wagtail_hooks.py), and its two files served beside the pages
(network/urls.py).

- /ppli/constats-de-terrain/remonter/: the form « Remonter un constat de terrain »;
- /ppli/reactualisation/: the consultation (its form while open, its results once closed),
  `confirmer/<token>/` confirms a sending's address, `resultats.csv` exports the results;
- /ppli/demande-d-expertise/: the form « Demander l'expertise du réseau »;
- /ppli/mes-demandes/: ask for a follow-up link; `<token>/` is the person's own page
  (messages, withdrawals), `<token>/donnees.json` their data.

Every form goes through the one guarded form (core/guarded_form.py), each with its own count
of sendings per address. A page reached by a link's token is never cached and sends no
referrer to other sites: the token stays between the person and the site. An unknown or
expired token gets the same French page, status 404, whatever the reason.
"""

import json
from functools import partial

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.models import Page

# The agenda's answers for a refused sending and for a page meant for one person.
from agenda.views import limit_notice, private
from core.guarded_form import FormGuard
from core.page_privacy import serve_beside
from core.spreadsheets import csv_download, csv_text

from . import channels
from .forms import (
    ConsultationForm,
    ExpertiseRequestForm,
    FindingForm,
    FollowUpLinkForm,
    MessageForm,
    WithdrawForm,
)
from .listing import (
    RESULTS_COLUMNS,
    consultation_results,
    participants_counted,
    results_rows,
)
from .models import (
    ConsultationPage,
    ConsultationSubmission,
    ExpertiseRequest,
    ExpertiseRequestPage,
    FieldFinding,
    FindingsPage,
    FollowUpPage,
)
from .personal_data import person_data

# Sendings allowed per address and form: settings.NETWORK_FORM_RATE_LIMIT = (sendings,
# seconds); each form counts on its own.
FINDING_GUARD = FormGuard("network-finding", "NETWORK_FORM_RATE_LIMIT")
CONSULTATION_GUARD = FormGuard("network-consultation", "NETWORK_FORM_RATE_LIMIT")
REQUEST_GUARD = FormGuard("network-request", "NETWORK_FORM_RATE_LIMIT")
# A person's messages and withdrawals, from their own page.
FOLLOW_GUARD = FormGuard("network-follow", "NETWORK_FORM_RATE_LIMIT")
# Follow-up links asked per address: fewer, since each one sends an e-mail to whatever
# address is typed (settings.NETWORK_LINK_RATE_LIMIT).
LINK_GUARD = FormGuard("network-link", "NETWORK_LINK_RATE_LIMIT")

# A finding's or a request's key on the person's page: its anchor, its forms' prefix and the
# value of their buttons ("constat-12", "demande-3").
RECORD_KINDS = {"constat": FieldFinding, "demande": ExpertiseRequest}


def render(page, request, template, status=200, **extra):
    """`template` with the page's own context and `extra`, never stored by any cache (a form,
    what became of a sending, a person's page)."""
    context = page.get_context(request)
    context.update(extra)
    return private(TemplateResponse(request, template, context, status=status))


def follow_page_url(request):
    """The address of « Suivre mes envois », for the pages that mention it ("" if it is not
    published)."""
    page = FollowUpPage.objects.live().public().first()
    return page.get_url(request) if page else ""


def sent(page, request, kind):
    """What a person reads once a form is sent (a robot caught by the trap reads the same)."""
    return render(
        page,
        request,
        "network/sent.html",
        sent_kind=kind,
        follow_url=follow_page_url(request),
        confirm_days=settings.NETWORK_CONFIRM_DAYS,
        link_days=settings.NETWORK_LINK_DAYS,
    )


# « Remonter un constat de terrain » (FindingsPage's route `remonter/`).


def finding_form(page, request):
    """GET shows the form; POST stores the finding and says so."""
    if request.method != "POST":
        return render_finding_form(page, request, FindingForm())
    return FINDING_GUARD.receive(
        request,
        FindingForm,
        render=partial(render_finding_form, page, request),
        accept=partial(accept_finding, page, request),
        robot=lambda: sent(page, request, "finding"),
        limit_notice=limit_notice,
    )


def accept_finding(page, request, form):
    """Store the finding (its sender and the team are e-mailed)."""
    channels.create_finding(**form.finding_fields())
    return sent(page, request, "finding")


def render_finding_form(page, request, form, notice=None, status=200):
    """The form's page (its errors, or what was typed)."""
    return render(
        page,
        request,
        "network/finding_form.html",
        status=status,
        finding_form=form,
        form_notice=notice,
    )


# The consultation (ConsultationPage).


def consultation_state(consultation, today=None):
    """ "none" (no dated consultation), "upcoming", "open" or "closed"."""
    if consultation is None:
        return "none"
    if consultation.is_open(today):
        return "open"
    if consultation.is_closed(today):
        return "closed"
    return "upcoming"


def consultation_items(consultation):
    """The consultation's items, in their order."""
    return list(consultation.items.order_by("position", "pk"))


def consultation(page, request):
    """The consultation's page: its form while open (POST: store the answers until their
    address confirms them), its results once closed, only the page's text before."""
    current = channels.current_consultation()
    # Its items, while it takes answers: a consultation without items asks nothing.
    items = consultation_items(current) if consultation_state(current) == "open" else []
    if request.method != "POST":
        form = ConsultationForm(items=items) if items else None
        return render_consultation(page, request, current, form)
    if not items:
        return render_consultation(page, request, current, None, status=410, refused=True)
    form_class = partial(ConsultationForm, items=items)
    return CONSULTATION_GUARD.receive(
        request,
        form_class,
        render=partial(render_consultation, page, request, current),
        accept=partial(accept_answers, page, request, current),
        robot=lambda: sent(page, request, "consultation"),
        limit_notice=limit_notice,
    )


def accept_answers(page, request, current, form):
    """Store the answers; they count once the e-mailed link is opened."""
    channels.submit_answers(current, form.cleaned_data["email"], form.answers())
    return sent(page, request, "consultation")


def render_consultation(page, request, current, form, notice=None, status=200, refused=False):
    """The consultation's page: its text, then what the consultation's state shows. Without a
    form it may be stored by the page cache (the answers' count and results change it through
    network/signals.py)."""
    state = consultation_state(current)
    context = page.get_context(request)
    context.update(
        consultation=current,
        consultation_state=state,
        consultation_form=form,
        form_notice=notice,
        consultation_refused=refused,
    )
    if state in ("open", "closed"):
        context["participant_count"] = participants_counted(current)
    if state == "closed":
        context["consultation_results"] = consultation_results(current)
        context["results_csv_url"] = page.get_url(request) + page.reverse_subpage("results")
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    return private(response) if form is not None or refused else response


# A link that leads nowhere is "not found"; one opened after the closing is "gone".
CONFIRMATION_STATUS = {channels.Confirmation.UNKNOWN: 404, channels.Confirmation.CLOSED: 410}


def confirm(page, request, token):
    """A sending's confirmation link: its answers count (or already did, or came too late);
    an unknown or expired link reveals nothing."""
    outcome, _submission = channels.confirm(token)
    status = CONFIRMATION_STATUS.get(outcome, 200)
    return render(
        page,
        request,
        "network/confirmation.html",
        status=status,
        outcome=outcome,
        Confirmation=channels.Confirmation,
    )


@require_safe
def results_csv(request, page_path):
    """The closed consultation's results as CSV (network/urls.py), for a live consultation
    page the visitor may see; nothing while the consultation is not closed."""
    page = live_page(request, page_path, ConsultationPage)
    return serve_beside(page, request, lambda: results_file())


def results_file():
    """The CSV of the current consultation's results, once it is closed."""
    current = channels.current_consultation()
    if consultation_state(current) != "closed":
        raise Http404
    rows = results_rows(consultation_results(current))
    filename = f"consultation-constats-{current.closes_on:%Y-%m-%d}.csv"
    return csv_download(csv_text(RESULTS_COLUMNS, rows), filename)


def live_page(request, page_path, model):
    """The live page of type `model` at `page_path`, else 404."""
    page = Page.find_for_request(request, f"/{page_path}")
    if page is None or not page.live or page.specific_class is not model:
        raise Http404
    return page.specific


# « Demander l'expertise du réseau » (ExpertiseRequestPage).


def expertise_request(page, request):
    """GET shows the form; POST stores the request and says so."""
    if request.method != "POST":
        return render_request_form(page, request, ExpertiseRequestForm())
    return REQUEST_GUARD.receive(
        request,
        ExpertiseRequestForm,
        render=partial(render_request_form, page, request),
        accept=partial(accept_request, page, request),
        robot=lambda: sent(page, request, "request"),
        limit_notice=limit_notice,
    )


def accept_request(page, request, form):
    """Store the request (its sender and the team are e-mailed)."""
    channels.create_request(**form.request_fields())
    return sent(page, request, "request")


def render_request_form(page, request, form, notice=None, status=200):
    """The page with the form (its errors, or what was typed)."""
    return render(
        page,
        request,
        page.get_template(request),
        status=status,
        request_form=form,
        form_notice=notice,
    )


# « Suivre mes envois » (FollowUpPage).


def follow_up(page, request):
    """GET shows the form asking for a link; POST sends one if the address sent anything,
    and answers the same whether it did or not."""
    if request.method != "POST":
        return render_link_form(page, request, FollowUpLinkForm())
    return LINK_GUARD.receive(
        request,
        FollowUpLinkForm,
        render=partial(render_link_form, page, request),
        accept=partial(accept_link, page, request),
        robot=lambda: sent(page, request, "link"),
        limit_notice=limit_notice,
    )


def accept_link(page, request, form):
    """E-mail a link if the address is known; the answer never tells."""
    channels.send_follow_up_link(form.cleaned_data["email"])
    return sent(page, request, "link")


def render_link_form(page, request, form, notice=None, status=200):
    """The page with the form (its error, or what was typed)."""
    return render(
        page,
        request,
        page.get_template(request),
        status=status,
        link_form=form,
        form_notice=notice,
    )


def unknown_link(page, request):
    """The answer to a token that leads nowhere (mistyped, expired): nothing about anyone."""
    return render(page, request, "network/link_unknown.html", status=404)


def follow(page, request, token):
    """A person's own page: what their address sent, the team's messages; a message or a
    withdrawal (asked, then confirmed) on each finding or request."""
    link = channels.find_follow_up(token)
    if link is None:
        return unknown_link(page, request)
    if request.method != "POST":
        return render_follow(page, request, link.email, step=request.GET.get("retirer"))
    action, key = request.POST.get("action"), request.POST.get("fiche", "")
    record = own_record(link.email, key)
    if record is None or action not in ("message", "retirer"):
        return render_follow(page, request, link.email, status=409, conflict=True)
    if action == "retirer" and not channels.can_withdraw(record):
        return render_follow(page, request, link.email, status=409, conflict=True)
    form_class = partial(MessageForm if action == "message" else WithdrawForm, prefix=key)
    return FOLLOW_GUARD.receive(
        request,
        form_class,
        render=partial(render_follow_form, page, request, link.email, key, action),
        accept=partial(accept_follow, request, record, key, action),
        robot=lambda: HttpResponseRedirect(request.path),
        limit_notice=limit_notice,
    )


def own_record(email, key):
    """The finding or request named by `key` ("constat-12") if `email` sent it, else None."""
    kind, _dash, pk = key.partition("-")
    model = RECORD_KINDS.get(kind)
    if model is None or not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
        return None
    return model.objects.filter(email=email, pk=int(pk)).first()


def accept_follow(request, record, key, action, form):
    """Send the message or withdraw, then come back to the record on the page."""
    if action == "message":
        channels.add_message(record, form.cleaned_data["text"])
        done = "message"
    else:
        channels.withdraw(record)
        done = "retrait"
    return HttpResponseRedirect(f"{request.path}?fait={done}#{key}")


def render_follow_form(page, request, email, key, action, form, notice=None, status=200):
    """The person's page with one form sent back: its errors, or the limit's notice."""
    return render_follow(
        page,
        request,
        email,
        status=status,
        bound_key=key,
        bound_form=form,
        step=key if action == "retirer" else None,
        notice=notice,
    )


def render_follow(
    page,
    request,
    email,
    status=200,
    step=None,
    bound_key=None,
    bound_form=None,
    notice=None,
    conflict=False,
):
    """The person's page; `step` (a record's key) asks to confirm its withdrawal; a form sent
    back (`bound_form`, on the record `bound_key`) shows its errors."""
    records = person_records(email)
    for record in records["findings"] + records["requests"]:
        record.can_withdraw = channels.can_withdraw(record)
        record.confirm_withdraw = record.can_withdraw and step == record.key
        if record.key == bound_key and isinstance(bound_form, MessageForm):
            record.message_form = bound_form
        else:
            record.message_form = MessageForm(prefix=record.key)
        record.withdraw_form = WithdrawForm(prefix=record.key)
    return render(
        page,
        request,
        "network/follow_records.html",
        status=status,
        email=email,
        follow_notice=notice,
        follow_conflict=conflict,
        done=request.GET.get("fait") if request.method != "POST" else None,
        error_form=bound_form if bound_form is not None and bound_form.errors else None,
        **records,
    )


def person_records(email):
    """What the address sent, as the person's page shows it: a fixed number of queries."""
    records = channels.records_of(email)
    findings = list(
        records["findings"]
        .prefetch_related("messages", "communes", "thematics")
        .order_by("-created_at", "-pk")
    )
    for finding in findings:
        finding.key = f"constat-{finding.pk}"
    requests = list(
        records["requests"]
        .select_related("thematic", "commune")
        .prefetch_related("messages")
        .order_by("-created_at", "-pk")
    )
    for expertise_request in requests:
        expertise_request.key = f"demande-{expertise_request.pk}"
    answers = list(
        records["answers"]
        .select_related("item__consultation")
        .order_by("item__consultation", "item__position", "item__pk")
    )
    pending = ConsultationSubmission.objects.filter(
        participant__email=channels.normalise_email(email),
        confirmed_at__isnull=True,
        token_expires__gt=timezone.now(),
    ).count()
    return {"findings": findings, "requests": requests, "answers": answers, "pending": pending}


@require_safe
def personal_data_file(request, page_path, token):
    """The person's own data as a JSON download (network/urls.py), from their link."""
    page = live_page(request, page_path, FollowUpPage)
    return serve_beside(page, request, lambda: personal_data_response(page, request, token))


def personal_data_response(page, request, token):
    """The JSON file of the link's address; the French 404 page for a bad link."""
    link = channels.find_follow_up(token)
    if link is None:
        return unknown_link(page, request)
    data = person_data(link.email)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-cai-namur.json"'
    return private(response)


# The routes (the models' view methods) and who serves them.
ROUTES = {
    FindingsPage.form: finding_form,
    ConsultationPage.index: consultation,
    ConsultationPage.confirm: confirm,
    ExpertiseRequestPage.index: expertise_request,
    FollowUpPage.index: follow_up,
    FollowUpPage.follow: follow,
}
