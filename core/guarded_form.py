"""The one guarded form: what every public form (contact, « Rejoindre le réseau du PPLI », and
any that follows) goes through.

- The form's class takes `GuardedFormMixin`: the robots' trap (core/honeypot.py) after its
  questions, and a maximum length on every text it accepts, refused with a French message.
- Its view hands each POST to a `FormGuard`, which limits the sendings per address (counted in
  the shared cache, core/ratelimit.py). Over the limit, the form's own page comes back with
  status 429, a `Retry-After` header, a French notice and what the visitor typed; a robot caught
  by the trap gets the answer a person would and nothing is kept; a form with errors comes back
  with them and with what was typed. Only stored sendings and caught robots count: a visitor's
  typing mistakes never use up their sendings.
"""

import math

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _

from .honeypot import HoneypotMixin
from .ratelimit import RateLimit, client_address
from .text import LINE_BREAKS_AND_TABS, has_control_character
from .typography import thousands


def too_long(limit, what=None):
    """The French error of an answer longer than `limit` characters; %(show_value)d is its
    length, which Django fills in."""
    if what is None:
        what = _("Ce texte est trop long")
    return _("%(what)s : %(limit)s caractères au plus (actuellement %%(show_value)d).") % {
        "what": what,
        "limit": thousands(limit),
    }


ONE_LINE_ERROR = (
    "Ce champ tient sur une seule ligne : retirez les retours à la ligne et les caractères "
    "invisibles."
)
CONTROL_ERROR = (
    "Ce texte contient un caractère invisible qui n'est pas du texte (collé depuis un autre "
    "programme ?) : retapez le passage concerné."
)


def phone_field(**kwargs):
    """An optional telephone number, as the public forms ask it (digits, spaces, + ( ) . / -)."""
    return forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        validators=[
            RegexValidator(r"^\+?[0-9 ()./-]{6,30}$", _("Saisissez un numéro de téléphone valide."))
        ],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        **kwargs,
    )


def one_line(value):
    """A single-line answer: no control character at all (a line break in a name or a subject
    would add lines to the staff's e-mail: "Bcc: …")."""
    if has_control_character(value):
        raise ValidationError(ONE_LINE_ERROR, code="control_characters")


def plain_text(value):
    """A multi-line answer: line breaks and tabs, no other control character (they break the
    staff's exports and the e-mails)."""
    if has_control_character(value, allowed=LINE_BREAKS_AND_TABS):
        raise ValidationError(CONTROL_ERROR, code="control_characters")


class GuardedFormMixin(HoneypotMixin):
    """A public form: the robots' trap after its questions, and a bound on every text.

    Every text field (CharField, e-mail and web addresses included) must have a `max_length`;
    one without is a mistake of the form's author, caught when the form is first built. A field
    whose author wrote no message of their own for a too-long answer gets `too_long`'s. A
    single-line field refuses line breaks and control characters (`one_line`), a multi-line one
    (a Textarea) control characters other than line breaks and tabs (`plain_text`), each with
    a French message.
    """

    def __init__(self, *args, **kwargs):
        """Build the form and its trap, then check and word the length limits."""
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if field.max_length is None:
                raise ImproperlyConfigured(
                    f"{type(self).__name__}.{name} accepts text of any length: give it a "
                    "max_length (core/guarded_form.py)."
                )
            # Read when the field validates: the fields are the form's own copies.
            field.error_messages.setdefault("max_length", too_long(field.max_length))
            multi_line = isinstance(field.widget, forms.Textarea)
            field.validators = [*field.validators, plain_text if multi_line else one_line]


def typed_values(form, data):
    """What the visitor typed in `form`'s fields, as the initial values of a new form (the
    robots' trap and files left out)."""
    values = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if name == form.honeypot_field or key not in data or isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.MultipleChoiceField):
            values[name] = data.getlist(key)
        else:
            values[name] = data.get(key)
    return values


class FormGuard:
    """The limit of sendings per address of one public form, and the way a POST is judged."""

    def __init__(self, scope, setting):
        """`scope` names the limit ("contact-form"): each scope counts on its own. `setting`
        names the Django setting that gives (sendings, seconds) per address."""
        self.scope = scope
        self.setting = setting

    def rate_limit(self):
        """The limit, read from the settings at each request (tests and deployments change
        it)."""
        limit, window = getattr(settings, self.setting)
        return RateLimit(self.scope, limit, window)

    def receive(self, request, form_class, *, render, accept, robot, limit_notice):
        """The answer to a POST of the form.

        - `form_class(*args, **kwargs)` builds the form (a class taking `GuardedFormMixin`, or a
          function that builds one, such as a Wagtail form page's `get_form`);
        - `render(form, notice=None, status=200)` is the form's page;
        - `accept(form)` stores a valid form and answers (a thank-you, a redirect);
        - `robot()` is the answer a person would get, for a robot caught by the trap;
        - `limit_notice(minutes)` is the French notice of a refusal, the wait rounded up to
          the minute.
        """
        limit = self.rate_limit()
        address = client_address(request)
        retry_after = limit.retry_after(address)
        if retry_after:
            # What was typed is kept, without judging it: the limit is the only problem.
            typed = typed_values(self.build(form_class), request.POST)
            notice = limit_notice(math.ceil(retry_after / 60))
            response = render(self.build(form_class, initial=typed), notice=notice, status=429)
            response["Retry-After"] = str(retry_after)
            return response
        form = self.build(form_class, request.POST, request.FILES)
        if form.is_spam():
            limit.hit(address)
            return robot()
        if not form.is_valid():
            return render(form)
        response = accept(form)
        limit.hit(address)
        return response

    @staticmethod
    def build(form_class, *args, **kwargs):
        """The form; a form without the guards is refused."""
        form = form_class(*args, **kwargs)
        if not isinstance(form, GuardedFormMixin):
            raise ImproperlyConfigured(
                f"{type(form).__name__} is a public form: it must take GuardedFormMixin "
                "(core/guarded_form.py)."
            )
        return form
