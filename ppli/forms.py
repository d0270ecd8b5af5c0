"""The working-group sign-up form: French messages, length limits, a honeypot."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin

from .models import OrganisationKind, WorkingGroupPage


class SignupForm(HoneypotMixin, forms.Form):
    """One or more groups, who asks, and their explicit consent; robots fill in the trap field
    (core/honeypot.py, "site_web"), which the mixin adds after these fields."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Groupes de travail et comité"),
        queryset=WorkingGroupPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choisissez au moins un groupe de travail ou le comité."),
            "invalid_choice": _("Ce groupe n'existe pas ou plus."),
            "invalid_pk_value": _("Ce groupe n'existe pas ou plus."),
        },
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Choisissez dans la liste proposée ou saisissez le nom complet."),
        widget=forms.TextInput(
            attrs={"list": "organisations-connues", "autocomplete": "organization"}
        ),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Type d'organisation"),
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez le type de votre organisation.")},
    )
    contact_name = forms.CharField(
        label=_("Personne de contact"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.CharField(
        label=_("Fonction"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        validators=[
            RegexValidator(r"^\+?[0-9 ()./-]{6,30}$", _("Saisissez un numéro de téléphone valide."))
        ],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Facultatif, 2 000 caractères au plus."),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que le C.A.I. traite ces données pour gérer mon inscription aux "
            "groupes de travail du PPLI."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour traiter la demande.")},
    )

    def __init__(self, *args, **kwargs):
        """The form, offering the working groups that are live and public."""
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = WorkingGroupPage.objects.live().public().order_by("path")

    def clean_email(self):
        # Addresses are compared without case to spot a repeated request.
        return self.cleaned_data["email"].strip().lower()
