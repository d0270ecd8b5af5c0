"""The agenda's routes that answer with more than the page, served through agenda's
`before_serve_page` hook (wagtail_hooks.py): a session's registration form (the one guarded
form, core/guarded_form.py) and a registration's own page reached by its e-mailed link; and
the calendar files (calendar.py), served beside the pages (agenda/urls.py).

The registration's own page needs no account: its link's token is the key. It is never
cached and sends no referrer to other sites, so the token stays between the person and the site.
"""

from functools import partial

from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core.guarded_form import FormGuard
from core.page_privacy import serve_beside

from . import calendar, registrations
from .follow import find_by_token, waiting_position
from .forms import NEED_FIELDS, CancelForm, NeedsForm, OfferForm, RegistrationForm
from .listing import counted_sessions, with_places
from .models import AgendaPage, EventPage, RegistrationStatus

# Registrations and changes allowed per address: settings.AGENDA_REGISTRATION_RATE_LIMIT =
# (sendings, seconds). One count for both forms: a robot gains nothing by switching.
REGISTRATION_GUARD = FormGuard("agenda-registration", "AGENDA_REGISTRATION_RATE_LIMIT")

# The actions of a registration's own page: the button's value and its form.
FOLLOW_FORMS = {"besoins": NeedsForm, "annuler": CancelForm, "accepter": OfferForm}


def limit_notice(minutes):
    """The French notice of a refused sending."""
    return ngettext(
        "Vous avez envoyé trop de demandes en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minute.",
        "Vous avez envoyé trop de demandes en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def private(response):
    """A page for one person: never stored by the page cache, a proxy or the browser."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    # Never to another site (the link's token); "no-referrer" would make browsers send
    # "Origin: null" with the page's own forms, which CSRF protection refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


# A session's registration form.


def register(event, request, session_id):
    """GET shows the session's form; POST registers (confirmed or waiting) and says so."""
    session = counted_sessions(event=event, pk=session_id).first()
    if session is None:
        raise Http404
    with_places(session, session.held)
    if not session.takes_registrations:
        return render_registration(event, request, session, None, status=410)
    if request.method != "POST":
        return render_registration(event, request, session, RegistrationForm())
    return REGISTRATION_GUARD.receive(
        request,
        RegistrationForm,
        render=partial(render_registration, event, request, session),
        accept=partial(accept_registration, event, request, session),
        robot=lambda: render_result(event, request, session, None),
        limit_notice=limit_notice,
    )


def accept_registration(event, request, session, form):
    """Register the person; the answer says what became of it (no token in any address)."""
    try:
        registration = registrations.register(
            session, name=form.cleaned_data["name"], consent=True, **form.details()
        )
    except registrations.RegistrationClosed:
        return render_registration(event, request, session, None, status=410)
    except registrations.AlreadyRegistered as already:
        return render_result(event, request, session, already.registration, again=True)
    return render_result(event, request, session, registration)


def render_registration(event, request, session, form, notice=None, status=200):
    """The form's page (its errors, or what was typed), or without a form the French notice
    that the session no longer takes registrations."""
    context = event.get_context(request)
    context.update(
        session=session,
        registration_form=form,
        registration_notice=notice,
        next_position=session.waiting + 1 if session.places_left == 0 else None,
    )
    response = TemplateResponse(request, "agenda/registration_form.html", context, status=status)
    return private(response)


def render_result(event, request, session, registration, again=False):
    """What became of the registration: confirmed, or waiting in position n; `again` when the
    address was already registered (its link sent again). A robot caught by the trap gets
    the page a person would, without a registration."""
    context = event.get_context(request)
    context.update(
        session=session,
        registration=registration,
        position=waiting_position(registration) if registration else None,
        again=again,
    )
    return private(TemplateResponse(request, "agenda/registration_result.html", context))


# A registration's own page, reached by its link.


def follow(agenda, request, token):
    """The registration's page: its status; change the needs, cancel (asked, then
    confirmed), or take an offered place."""
    registration = find_by_token(token)
    if registration is None:
        response = TemplateResponse(
            request, "agenda/registration_unknown.html", agenda.get_context(request), status=404
        )
        return private(response)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is None:
        return render_follow(agenda, request, registration, step=request.GET.get("etape"))
    form_class = FOLLOW_FORMS.get(action)
    if form_class is None or not can(registration, action):
        return render_follow(agenda, request, registration, status=409)
    return REGISTRATION_GUARD.receive(
        request,
        form_class,
        render=partial(render_follow, agenda, request, registration, step=action),
        accept=partial(accept_follow, agenda, request, registration, action),
        robot=lambda: HttpResponseRedirect(request.path),
        limit_notice=limit_notice,
    )


def can(registration, action):
    """Whether the registration, as it stands, allows the action."""
    if action == "accepter":
        return registration.status == RegistrationStatus.OFFERED
    running = registration.status in registrations.RUNNING
    return running and not registration.session.is_past


def accept_follow(agenda, request, registration, action, form):
    """Do the action, then come back to the page (its status says what happened)."""
    if action == "besoins":
        needs = {name: form.cleaned_data[name] for name in NEED_FIELDS}
        registrations.change_needs(registration, needs)
        return HttpResponseRedirect(request.path + "?fait=besoins")
    if action == "annuler":
        registrations.cancel(registration)
    else:
        registrations.accept_offer(registration)
    return HttpResponseRedirect(request.path)


def render_follow(agenda, request, registration, form=None, notice=None, status=200, step=None):
    """The registration's page; `step` "annuler" asks to confirm the cancellation, a `form`
    with errors comes back with them."""
    session = registration.session
    needs_form = form if isinstance(form, NeedsForm) else None
    if needs_form is None:
        needs_form = NeedsForm(initial={name: getattr(registration, name) for name in NEED_FIELDS})
    context = agenda.get_context(request)
    context.update(
        registration=registration,
        session=session,
        event=session.event,
        position=waiting_position(registration),
        can_change=can(registration, "besoins"),
        confirm_cancel=step == "annuler" and can(registration, "annuler"),
        needs_form=needs_form,
        action_form=CancelForm(),
        saved=request.GET.get("fait") == "besoins",
        follow_notice=notice,
    )
    response = TemplateResponse(request, "agenda/registration_page.html", context, status=status)
    return private(response)


# The calendar files (agenda/urls.py).

CALENDAR_FILES = {
    "agenda": (AgendaPage, calendar.feed_response),
    "evenement": (EventPage, calendar.event_response),
}


@require_safe
def calendar_file(request, page_path, name):
    """The agenda's feed or an event's file, for a live page of that type that the visitor
    may see (a private event asks for its password or a login, as its page does)."""
    model, respond = CALENDAR_FILES[name]
    page = Page.find_for_request(request, f"/{page_path}")
    if page is None or not page.live or page.specific_class is not model:
        raise Http404
    page = page.specific
    return serve_beside(page, request, lambda: respond(page, request))


# The routes (the models' view methods) and who serves them.
ROUTES = {
    AgendaPage.registration: follow,
    EventPage.register: register,
}
