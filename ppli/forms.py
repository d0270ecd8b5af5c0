"""The form « Rejoindre le réseau du PPLI »: French messages, length limits and the robots' trap
(the one guarded form, core/guarded_form.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.guarded_form import GuardedFormMixin, phone_field
from thematiques.models import ThematicPage

from .models import AxisPage, ConcertationSpacePage, OrganisationKind


class AxisChoiceField(forms.ModelMultipleChoiceField):
    """An axis as the booklet labels it: « 2° Santé et aide sociale »."""

    def label_from_instance(self, obj):
        return f"{obj.number} {obj.short_title}"


def choice_errors(what):
    """French messages for a ticked value that is no longer offered."""
    message = _("%(what)s n'existe pas ou plus.") % {"what": what}
    return {"invalid_choice": message, "invalid_pk_value": message}


class SignupForm(GuardedFormMixin, forms.Form):
    """What the partner works on (axes, thematics), the concertation spaces it wants to join
    (only those staff opened), who asks, and their explicit consent; robots fill in the trap
    field (core/honeypot.py, "site_web"), which the guarded form adds after these fields, and
    every text has its length limit (core/guarded_form.py)."""

    axes = AxisChoiceField(
        label=_("Les droits fondamentaux sur lesquels vous travaillez"),
        help_text=_("Les axes du PPLI. Cochez au moins un axe ou une thématique."),
        queryset=AxisPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=choice_errors(_("Cet axe")),
    )
    thematics = forms.ModelMultipleChoiceField(
        label=_("Les thématiques sur lesquelles vous travaillez"),
        queryset=ThematicPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=choice_errors(_("Cette thématique")),
    )
    spaces = forms.ModelMultipleChoiceField(
        label=_("Les espaces de concertation que vous souhaitez rejoindre"),
        queryset=ConcertationSpacePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=choice_errors(_("Cet espace de concertation")),
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
    phone = phone_field()
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
            "J'accepte que le C.A.I. traite ces données pour gérer mon inscription au "
            "réseau du PPLI."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour traiter la demande.")},
    )

    def __init__(self, *args, **kwargs):
        """The form, offering the live and public axes and thematics, and the concertation
        spaces staff opened to sign-ups (no such field while none is open)."""
        super().__init__(*args, **kwargs)
        # The private sections, read once for the three lists (Wagtail's public() reads them
        # at each call).
        private = Page.objects.private_q()
        self.fields["axes"].queryset = AxisPage.objects.live().exclude(private).order_by("path")
        self.fields["thematics"].queryset = (
            ThematicPage.objects.live().exclude(private).order_by("title")
        )
        spaces = (
            ConcertationSpacePage.objects.live().exclude(private).filter(open_for_signup=True)
        ).order_by("title")
        if spaces.exists():
            self.fields["spaces"].queryset = spaces
        else:
            del self.fields["spaces"]

    def clean(self):
        cleaned_data = super().clean()
        if (
            "axes" in cleaned_data
            and "thematics" in cleaned_data
            and not cleaned_data["axes"]
            and not cleaned_data["thematics"]
        ):
            self.add_error(
                "axes", _("Cochez au moins un axe ou une thématique sur lesquels vous travaillez.")
            )
        return cleaned_data

    def clean_email(self):
        # Addresses are compared without case to spot a repeated request.
        return self.cleaned_data["email"].strip().lower()
