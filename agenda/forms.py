"""The agenda's public forms, through the one guarded form (core/guarded_form.py): a session's
registration, and the needs a registered person changes from their own page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.guarded_form import GuardedFormMixin, phone_field

# The fields a person may change after registering (their own page): the needs only. Name
# and address stay as registered: the link is the person's, not a way to hand a place over.
NEED_FIELDS = ("interpreter_language", "childcare", "step_free", "other_needs")


class NeedsForm(GuardedFormMixin, forms.Form):
    """What the person needs to take part: the counts staff read per session."""

    interpreter_language = forms.CharField(
        label=_("Interprète : dans quelle langue ?"),
        max_length=100,
        required=False,
        help_text=_("Laissez vide si vous n'avez pas besoin d'interprète."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    childcare = forms.BooleanField(label=_("Une garde pour mes enfants"), required=False)
    step_free = forms.BooleanField(
        label=_("Un accès sans marche (fauteuil roulant, poussette…)"), required=False
    )
    other_needs = forms.CharField(
        label=_("Autre besoin"),
        max_length=1000,
        required=False,
        help_text=_("Facultatif, 1 000 caractères au plus."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelForm(GuardedFormMixin, forms.Form):
    """The button « Confirmer l'annulation »: nothing to fill in but the robots' trap."""


class OfferForm(GuardedFormMixin, forms.Form):
    """The button « Accepter la place »: nothing to fill in but the robots' trap."""


class RegistrationForm(NeedsForm):
    """A session's registration: who, how to reach them, their needs, and their consent.

    The e-mail address is asked for: it carries the confirmation and the link to follow the
    registration (people without one register by phone, through staff).
    """

    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez votre nom.")},
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=_("Nous y envoyons la confirmation et le lien pour suivre votre inscription."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.be."),
        },
    )
    phone = phone_field()
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que le C.A.I. traite ces données pour gérer mon inscription à cet événement."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour vous inscrire.")},
    )

    # The person first, then the needs, then the consent (the trap follows, added by the
    # guarded form).
    field_order = ["name", "email", "phone", "organisation", *NEED_FIELDS, "consent"]

    def clean_email(self):
        # Compared without case to spot a second registration to the same session.
        return self.cleaned_data["email"].strip().lower()

    def details(self):
        """The registration's fields, for registrations.register()."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "phone": data["phone"],
            "organisation": data["organisation"],
            **{name: data[name] for name in NEED_FIELDS},
        }
