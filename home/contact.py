"""The contact form's guards: a length limit on every answer, the robots' trap, and the limit of
messages per address. FormPage (home/models.py) serves the form with them."""

import math

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from core.honeypot import HoneypotMixin
from core.ratelimit import RateLimit
from core.typography import thousands

# The longest answer accepted per kind of field, in characters. Wagtail limits only its one-line
# text (255); a message of 5,000 characters is some three pages, far more than a contact needs.
SINGLELINE_MAX_LENGTH = 255
MULTILINE_MAX_LENGTH = 5000
# RFC 5321's limit for an address that can receive mail.
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 2000
HIDDEN_MAX_LENGTH = 255
# Numbers: ten digits before the decimal point (under ten billion either way), five after.
NUMBER_DECIMAL_PLACES = 5
NUMBER_MAX_DIGITS = 15

# The trap field's name. Wagtail names the editors' fields in snake_case ("site_web" for « Site
# web »), never with a hyphen: the trap can never take the place of a real question.
HONEYPOT_FIELD = "site-web"


def too_long(limit, what=None):
    """The French error of an answer longer than `limit` characters; %(show_value)d is its
    length, which Django fills in."""
    if what is None:
        what = _("Ce texte est trop long")
    return _("%(what)s : %(limit)s caractères au plus (actuellement %%(show_value)d).") % {
        "what": what,
        "limit": thousands(limit),
    }


class ContactForm(HoneypotMixin, BaseForm):
    """Wagtail's form of the editors' fields, with the robots' trap after them."""

    honeypot_field = HONEYPOT_FIELD


class ContactFormBuilder(FormBuilder):
    """Wagtail's form builder with a maximum length (or bounds) on every field that takes text.

    Wagtail gives its multi-line fields, e-mail and URL no limit of their own: a 100,000-character
    message was stored and e-mailed. Choices, dates and check boxes are bounded by their kind.
    """

    def create_singleline_field(self, field, options):
        """One line of text: 255 characters, as Wagtail's own."""
        return forms.CharField(**limited(options, SINGLELINE_MAX_LENGTH))

    def create_multiline_field(self, field, options):
        """A message: 5,000 characters."""
        options.setdefault("widget", forms.Textarea)
        return forms.CharField(**limited(options, MULTILINE_MAX_LENGTH))

    def create_email_field(self, field, options):
        """An e-mail address: 254 characters."""
        message = too_long(EMAIL_MAX_LENGTH, _("Cette adresse est trop longue"))
        return forms.EmailField(**limited(options, EMAIL_MAX_LENGTH, message))

    def create_url_field(self, field, options):
        """A web address: 2,000 characters (Wagtail's field, which assumes https)."""
        message = too_long(URL_MAX_LENGTH, _("Cette adresse web est trop longue"))
        return super().create_url_field(field, limited(options, URL_MAX_LENGTH, message))

    def create_number_field(self, field, options):
        """A number of ten digits at most before the decimal point and five after."""
        too_many_digits = _(
            "Saisissez un nombre d'au plus %(whole)d chiffres avant la virgule et %(places)d après."
        ) % {"whole": NUMBER_MAX_DIGITS - NUMBER_DECIMAL_PLACES, "places": NUMBER_DECIMAL_PLACES}
        # Django's check of the digits raises one error per value, whichever limit it meets
        # first: one message for all three.
        options["error_messages"] = {
            "max_digits": too_many_digits,
            "max_whole_digits": too_many_digits,
            "max_decimal_places": too_many_digits,
        }
        return forms.DecimalField(
            max_digits=NUMBER_MAX_DIGITS, decimal_places=NUMBER_DECIMAL_PLACES, **options
        )

    def create_hidden_field(self, field, options):
        """A hidden value: 255 characters."""
        return super().create_hidden_field(field, limited(options, HIDDEN_MAX_LENGTH))

    def get_form_class(self):
        """The editors' fields on ContactForm, which adds the robots' trap."""
        return type("WagtailForm", (ContactForm,), self.formfields)


def limited(options, max_length, message=None):
    """A field's options with `max_length` and its French error message."""
    return {
        **options,
        "max_length": max_length,
        "error_messages": {"max_length": message or too_long(max_length)},
    }


def rate_limit():
    """Messages allowed per address: settings.CONTACT_FORM_RATE_LIMIT = (messages, seconds).

    One limit for every contact form of the site, so that a robot gains nothing by moving on to
    another one.
    """
    limit, window = settings.CONTACT_FORM_RATE_LIMIT
    return RateLimit("contact-form", limit, window)


def limit_notice(seconds, email=""):
    """The French notice of a refused message, the wait rounded up to the minute, with the
    centre's address to write to meanwhile if it has one."""
    minutes = math.ceil(seconds / 60)
    notice = ngettext(
        "Vous avez envoyé trop de messages en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minute",
        "Vous avez envoyé trop de messages en peu de temps. Veuillez réessayer dans "
        "%(minutes)d minutes",
        minutes,
    ) % {"minutes": minutes}
    if email:
        return _("%(notice)s ou écrire à %(email)s.") % {"notice": notice, "email": email}
    return f"{notice}."


def typed_values(form, data):
    """What the visitor typed in `form`'s fields, as the initial values of a new form (the
    robots' trap left out): a refused message is shown back as it was."""
    values = {}
    for name, field in form.fields.items():
        if name == form.honeypot_field or name not in data:
            continue
        if isinstance(field, forms.MultipleChoiceField):
            values[name] = data.getlist(name)
        else:
            values[name] = data.get(name)
    return values
