"""The contact form through the one guarded form (core/guarded_form.py): a length limit on
every kind of answer the editors can ask for, the robots' trap, and the limit of messages per
address. FormPage (home/models.py) serves the form with them."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from core.guarded_form import FormGuard, GuardedFormMixin, too_long

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


# One limit for every contact form of the site, so that a robot gains nothing by moving on to
# another one: settings.CONTACT_FORM_RATE_LIMIT = (messages, seconds).
CONTACT_GUARD = FormGuard("contact-form", "CONTACT_FORM_RATE_LIMIT")


class ContactForm(GuardedFormMixin, BaseForm):
    """Wagtail's form of the editors' fields, guarded: the robots' trap after them, and a
    length limit on each (checked by the mixin)."""

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
    """A field's options with `max_length`, and its own French error message if it has one
    (otherwise the guarded form's « Ce texte est trop long »)."""
    limited_options = {**options, "max_length": max_length}
    if message:
        limited_options["error_messages"] = {"max_length": message}
    return limited_options


def limit_notice(minutes, email=""):
    """The French notice of a refused message, with the centre's address to write to meanwhile
    if it has one."""
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
