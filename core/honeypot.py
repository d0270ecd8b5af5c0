"""The public forms' trap for robots: a field that people never see and robots fill in.

A public form takes it through the one guarded form (core/guarded_form.py: `GuardedFormMixin`),
whose `FormGuard` asks `form.is_spam()` before validating and, for a robot, answers as if the
form had been sent, storing and sending nothing. The field is off
screen (the `.form__hp` style), hidden from screen readers, out of the tab order and never
autofilled, so that no person fills it in by mistake.
"""

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# The sign-up form's trap; a form whose own fields might take this name chooses another.
HONEYPOT_FIELD = "site_web"


class HoneypotInput(forms.TextInput):
    """The trap's whole markup (wrapper, label, input), so that a template writes `{{ field }}`.

    It never shows back what was typed: a robot's value is no message of the visitor's.
    """

    template_name = "core/widgets/honeypot.html"


class HoneypotMixin:
    """Adds the trap field, last, to a Django form; tells a robot by it and keeps it out of the
    cleaned data (it is no part of what the form stores or sends)."""

    honeypot_field = HONEYPOT_FIELD

    def __init__(self, *args, **kwargs):
        """Build the form, then add the trap after its own fields."""
        super().__init__(*args, **kwargs)
        if self.honeypot_field in self.fields:
            # The trap would replace a real question, and catch every person who answers it.
            raise ImproperlyConfigured(
                f"{type(self).__name__} already has a field named {self.honeypot_field!r}."
            )
        self.fields[self.honeypot_field] = forms.CharField(
            label=_("Ne pas remplir ce champ"),
            required=False,
            max_length=200,
            widget=HoneypotInput,
        )

    def is_spam(self):
        """Did the sender fill in the field that people never see?"""
        return bool(self.data.get(self.add_prefix(self.honeypot_field)))

    def clean(self):
        """The form's own cleaning, without the trap's value."""
        cleaned_data = super().clean()
        cleaned_data.pop(self.honeypot_field, None)
        return cleaned_data
