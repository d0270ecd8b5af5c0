"""The network's public forms, through the one guarded form (core/guarded_form.py): a field
finding, the consultation's answers, an expertise request, the request for a follow-up link,
and, on a person's own page, a message and a withdrawal.

Every form asks only what network/channels.py stores; the views hand it the cleaned data.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.guarded_form import GuardedFormMixin, phone_field
from core.text import fold
from ppli.forms import AxisChoiceField, choice_errors
from ppli.models import AxisPage
from taxonomies.models import Audience
from thematiques.models import ThematicPage

from .models import Commune, Urgency, Verdict

# One web address per line of a finding's links: no more than this many (the field's
# 2 000 characters would allow some sixty; staff read them one by one).
MAX_LINKS = 10
WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def email_field(help_text=""):
    """The e-mail address every form asks, with its French messages."""
    return forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.be."),
        },
    )


def consent_field(purpose, refusal):
    """The explicit consent: `purpose` completes « J'accepte que le C.A.I. traite ces
    données pour … »; `refusal` is the error of a box left unticked."""
    return forms.BooleanField(
        label=_("J'accepte que le C.A.I. utilise ces données pour %(purpose)s.")
        % {"purpose": purpose},
        error_messages={"required": refusal},
    )


def published_thematics_queryset():
    """The live thematics a visitor can open, alphabetically (one list for every form)."""
    return ThematicPage.objects.live().exclude(Page.objects.private_q()).order_by("title")


def live_axes_queryset():
    """The live, public axes, in the plan's order."""
    return AxisPage.objects.live().exclude(Page.objects.private_q()).order_by("path")


# The largest key a row may have (a 64-bit integer has 19 digits): a longer one is no row, and
# SQLite refuses to compare with it (an OverflowError, not a French error).
MAX_KEY_DIGITS = 18


def is_key(value):
    """Whether `value`, as sent, can name a row: digits only, not too many."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= MAX_KEY_DIGITS


class CheckedKeysMixin:
    """A choice of rows that refuses, with its French message, a value that is no row's key
    (letters, a number too large for the database) before asking the database."""

    def _check_values(self, value):
        """The rows of the ticked keys (several choices)."""
        for key in value:
            if not is_key(key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super()._check_values(value)

    def to_python(self, value):
        """The row of the chosen key (one choice; several are checked by `_check_values`)."""
        single = not isinstance(value, (list, tuple))
        if single and value not in self.empty_values and not is_key(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class FrenchOrderIterator(forms.models.ModelChoiceIterator):
    """The choices in French alphabetical order, accents aside (« Éghezée » among the E, not
    after « Yvoir » as the databases sort it)."""

    def __iter__(self):
        """The empty choice first, then the rows by their folded label."""
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: fold(choice[1]))


class FrenchOrderMultipleChoiceField(CheckedKeysMixin, forms.ModelMultipleChoiceField):
    """Checkboxes of names in French alphabetical order (communes, publics)."""

    iterator = FrenchOrderIterator


class FrenchOrderChoiceField(CheckedKeysMixin, forms.ModelChoiceField):
    """A select of names in French alphabetical order (communes)."""

    iterator = FrenchOrderIterator


class CheckedAxisChoiceField(CheckedKeysMixin, AxisChoiceField):
    """An axis as the booklet labels it (ppli's field), its keys checked."""


class ThematicChoiceField(CheckedKeysMixin, forms.ModelMultipleChoiceField):
    """A thematic by its title."""

    def label_from_instance(self, obj):
        """The thematic's full title, not its short label."""
        return obj.title


def checked_links(value):
    """The lines of `value` that hold something, each a web address (http or https), else a
    French error naming the first wrong line."""
    lines = [line.strip() for line in value.splitlines()]
    links = [line for line in lines if line]
    if len(links) > MAX_LINKS:
        raise ValidationError(
            _("Indiquez %(max)d liens au plus (vous en avez indiqué %(count)d)."),
            params={"max": MAX_LINKS, "count": len(links)},
            code="too_many_links",
        )
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        try:
            WEB_ADDRESS(line)
        except ValidationError:
            raise ValidationError(
                _(
                    "Ligne %(number)d : « %(line)s » n'est pas une adresse web. Une adresse "
                    "par ligne, qui commence par https:// ou http://."
                ),
                params={"number": number, "line": line[:80]},
                code="invalid_link",
            ) from None
    return links


class FindingForm(GuardedFormMixin, forms.Form):
    """« Remonter un constat de terrain »: who sends it, where and on what it bears, whom it
    concerns, the finding itself, since when, links, and the sender's consent."""

    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Indiquez votre organisation.")},
    )
    contact_name = forms.CharField(
        label=_("Personne de contact"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez le nom de la personne de contact.")},
    )
    email = email_field(
        _("Nous y envoyons l'accusé de réception et les suites données à votre constat.")
    )
    phone = phone_field()
    communes = FrenchOrderMultipleChoiceField(
        label=_("Commune(s) concernée(s)"),
        help_text=_("Cochez une ou plusieurs communes, ou « Toute la province »."),
        queryset=Commune.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=choice_errors(_("Cette commune")),
    )
    province_wide = forms.BooleanField(label=_("Toute la province"), required=False)
    axes = CheckedAxisChoiceField(
        label=_("Axe(s) du PPLI"),
        help_text=_("Cochez au moins un axe ou une thématique."),
        queryset=AxisPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=choice_errors(_("Cet axe")),
    )
    thematics = ThematicChoiceField(
        label=_("Thématique(s)"),
        queryset=ThematicPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=choice_errors(_("Cette thématique")),
    )
    audiences = FrenchOrderMultipleChoiceField(
        label=_("Publics concernés"),
        queryset=Audience.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=choice_errors(_("Ce public")),
    )
    audiences_other = forms.CharField(
        label=_("Autres publics concernés"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description du constat"),
        max_length=5000,
        help_text=_(
            "Ce que vous observez sur le terrain, sans nom ni détail qui permettrait de "
            "reconnaître une personne. 5 000 caractères au plus."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Décrivez le constat.")},
    )
    since = forms.CharField(
        label=_("Depuis quand ?"),
        max_length=100,
        required=False,
        help_text=_("Par exemple : « depuis l'été 2024 », « depuis plusieurs années »."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    links = forms.CharField(
        label=_("Liens utiles"),
        max_length=2000,
        required=False,
        help_text=_("Une adresse web par ligne (article, rapport, étude…), 10 au plus."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    consent = consent_field(
        _("traiter mon constat de terrain et me tenir informé·e de ses suites"),
        _("Votre accord est nécessaire pour envoyer votre constat."),
    )

    field_order = [
        "organisation",
        "contact_name",
        "email",
        "phone",
        "communes",
        "province_wide",
        "axes",
        "thematics",
        "audiences",
        "audiences_other",
        "description",
        "since",
        "links",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        """The form, offering the communes, the live and public axes and thematics, and the
        audiences."""
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = Commune.objects.order_by("name")
        self.fields["axes"].queryset = live_axes_queryset()
        self.fields["thematics"].queryset = published_thematics_queryset()
        self.fields["audiences"].queryset = Audience.objects.order_by("name")

    def clean_email(self):
        """One spelling per address: the follow-up page finds the sendings by it."""
        return self.cleaned_data["email"].strip().lower()

    def clean_links(self):
        """The links, one checked web address per line, blank lines left out."""
        return "\n".join(checked_links(self.cleaned_data["links"]))

    def clean(self):
        """At least one commune (or the whole province), and an axis or a thematic."""
        cleaned_data = super().clean()
        if (
            "communes" in cleaned_data
            and not cleaned_data["communes"]
            and not cleaned_data.get("province_wide")
        ):
            self.add_error("communes", _("Cochez au moins une commune, ou « Toute la province »."))
        if (
            "axes" in cleaned_data
            and "thematics" in cleaned_data
            and not cleaned_data["axes"]
            and not cleaned_data["thematics"]
        ):
            self.add_error("axes", _("Cochez au moins un axe ou une thématique."))
        return cleaned_data

    def finding_fields(self):
        """The keyword arguments of channels.create_finding: every question but the consent
        (its date is the sending's)."""
        return {name: self.cleaned_data[name] for name in self.field_order if name != "consent"}


class ItemFields(forms.Form):
    """The consultation's per-item fields, added before the guarded form checks its fields (so
    that the comments get its length and control-character guards too)."""

    def __init__(self, *args, items=(), **kwargs):
        """The form of `items` (the consultation's, in their order): two fields per item,
        `verdict_<pk>` and `comment_<pk>`, before the address."""
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[self.verdict_name(item)] = forms.ChoiceField(
                label=item.label,
                choices=Verdict.choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": _(
                        "Choisissez « Toujours d'actualité », « À nuancer » ou « Dépassé »."
                    )
                },
            )
            self.fields[self.comment_name(item)] = forms.CharField(
                label=_("Votre commentaire (%(item)s)") % {"item": item.label.lower()},
                max_length=1500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([name for name in self.fields if name not in ("email", "consent")])

    @staticmethod
    def verdict_name(item):
        """The name of an item's verdict field."""
        return f"verdict_{item.pk}"

    @staticmethod
    def comment_name(item):
        """The name of an item's comment field."""
        return f"comment_{item.pk}"


class ConsultationForm(GuardedFormMixin, ItemFields):
    """The consultation's answers: per item, an optional verdict and an optional comment; at
    least one verdict; the address that confirms them, and its consent."""

    email = email_field(
        _("Nous y envoyons un lien : vos réponses comptent une fois ce lien ouvert.")
    )
    consent = consent_field(
        _("compter mes réponses à cette consultation"),
        _("Votre accord est nécessaire pour envoyer vos réponses."),
    )

    def rows(self):
        """Per item: (item, its verdict's bound field, its comment's bound field)."""
        return [
            (item, self[self.verdict_name(item)], self[self.comment_name(item)])
            for item in self.items
        ]

    def clean_email(self):
        """One spelling per address: the follow-up page finds the sendings by it."""
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        """At least one verdict; a comment only beside a verdict (an answer is a verdict)."""
        cleaned_data = super().clean()
        answered = False
        for item in self.items:
            verdict = cleaned_data.get(self.verdict_name(item))
            comment = cleaned_data.get(self.comment_name(item))
            if verdict:
                answered = True
            elif comment and self.verdict_name(item) not in self.errors:
                self.add_error(
                    self.verdict_name(item),
                    _("Choisissez un avis pour ce constat, ou effacez votre commentaire."),
                )
        if self.items and not answered and not self.errors_on_verdicts():
            self.add_error(
                self.verdict_name(self.items[0]),
                _("Donnez votre avis sur au moins un constat."),
            )
        return cleaned_data

    def errors_on_verdicts(self):
        """Whether a verdict already has its error (the visitor reads one at a time)."""
        return any(self.verdict_name(item) in self.errors for item in self.items)

    def answers(self):
        """[(item, verdict, comment)] of the answered items, for channels.submit_answers."""
        data = self.cleaned_data
        return [
            (item, data[self.verdict_name(item)], data[self.comment_name(item)].strip())
            for item in self.items
            if data.get(self.verdict_name(item))
        ]


class ThematicSingleChoiceField(CheckedKeysMixin, forms.ModelChoiceField):
    """A thematic by its title."""

    def label_from_instance(self, obj):
        """The thematic's full title, not its short label."""
        return obj.title


class ExpertiseRequestForm(GuardedFormMixin, forms.Form):
    """« Demander l'expertise du réseau »: who asks, the context and the question, what it
    bears on, how urgent, who is concerned, and the consent."""

    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez votre nom.")},
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = email_field(_("Nous y envoyons l'accusé de réception et les suites de la demande."))
    phone = phone_field()
    context = forms.CharField(
        label=_("Le contexte"),
        max_length=5000,
        help_text=_(
            "La situation de terrain ou le contexte « sociétal » d'où vient la demande, sans "
            "nom ni détail qui permettrait de reconnaître une personne. 5 000 caractères au plus."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Décrivez le contexte de la demande.")},
    )
    question = forms.CharField(
        label=_("Votre question au réseau"),
        max_length=3000,
        help_text=_("3 000 caractères au plus."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Formulez votre question.")},
    )
    thematic = ThematicSingleChoiceField(
        label=_("Thématique"),
        queryset=ThematicPage.objects.none(),
        required=False,
        empty_label=_("— Choisir une thématique —"),
        error_messages={"invalid_choice": _("Cette thématique n'existe pas ou plus.")},
    )
    commune = FrenchOrderChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("— Choisir une commune —"),
        error_messages={"invalid_choice": _("Cette commune n'existe pas.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgence"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Indiquez l'urgence de la demande."),
            "invalid_choice": _("Choisissez l'une des urgences proposées."),
        },
    )
    concerned = forms.CharField(
        label=_("Qui est concerné ?"),
        max_length=2000,
        required=False,
        help_text=_("Les publics, les services, le nombre de personnes… 2 000 caractères au plus."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = consent_field(
        _("traiter ma demande d'expertise et me tenir informé·e de ses suites"),
        _("Votre accord est nécessaire pour envoyer votre demande."),
    )

    def __init__(self, *args, **kwargs):
        """The form, offering the live and public thematics and the communes."""
        super().__init__(*args, **kwargs)
        self.fields["thematic"].queryset = published_thematics_queryset()
        self.fields["commune"].queryset = Commune.objects.order_by("name")

    def clean_email(self):
        """One spelling per address: the follow-up page finds the sendings by it."""
        return self.cleaned_data["email"].strip().lower()

    def request_fields(self):
        """The keyword arguments of channels.create_request: every question but the consent
        (its date is the sending's) and the robots' trap."""
        skipped = {"consent", self.honeypot_field}
        return {name: value for name, value in self.cleaned_data.items() if name not in skipped}


class FollowUpLinkForm(GuardedFormMixin, forms.Form):
    """The address that should receive a follow-up link."""

    email = email_field(
        _(
            "L'adresse que vous avez indiquée en envoyant votre constat, vos réponses ou votre "
            "demande."
        )
    )


class MessageForm(GuardedFormMixin, forms.Form):
    """A message of a finding's or a request's author to the team, from their own page."""

    text = forms.CharField(
        label=_("Votre message à l'équipe"),
        max_length=3000,
        help_text=_("3 000 caractères au plus."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Écrivez votre message.")},
    )


class WithdrawForm(GuardedFormMixin, forms.Form):
    """The button « Confirmer le retrait »: nothing to fill in but the robots' trap."""
