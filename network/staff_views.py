"""The views of the network's admin screens (network/staff.py) beyond wagtail-modeladmin's
lists: moderating a field finding, publishing it or taking it off the site, triaging an
expertise request and asking network members for their expertise, writing to a finding's or a
request's author, opening a consultation, reading its results, moderating its comments and
exporting them.

Every change of state goes through network/channels.py (the one writer), which also queues the
e-mails once the transaction commits; these views only ask, check and confirm. The few fields
channels.py has no function for (a finding's public text and tags, a request's staff member and
notes, a comment's moderation) are written here, each with `update_fields`, so that a status
changed meanwhile by the writer is never overwritten. Each action is a GET that shows a
confirmation or a form and a POST (with its CSRF token) that acts; an unexpected request is a
4xx, never a 500.
"""

import csv
import io
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import BadRequest
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst, slugify
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.views import (
    CreateView,
    DeleteView,
    EditView,
    InstanceSpecificView,
    WMABaseView,
)

from core.spreadsheets import neutralise_cell, xlsx_safe
from home.exports import BRUSSELS, brussels_naive
from ppli.cards import PartnerUrls
from ppli.forms import AxisChoiceField
from ppli.models import (
    AxisPage,
    KeyIssue,
    ObjectivePage,
    PlanPage,
    SignupStatus,
    WorkingGroupSignup,
)
from resources.models import ResourceKind, ResourcePage
from taxonomies.models import Audience
from thematiques.models import ThematicPage

from . import channels, tasks
from .dashboard import (
    consultation_period,
    consultation_state,
    received_ago,
)
from .models import (
    REQUEST_PROGRESS,
    CommentStatus,
    Commune,
    Consultation,
    ConsultationAnswer,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    ItemSource,
    RequestStatus,
    Verdict,
)
from .suggestions import suggested_members, suggested_partners

MESSAGE_MAX_LENGTH = 3000
# The statuses staff choose for a finding; « retiré par son auteur » is the author's alone.
FINDING_STATUSES = [
    FindingStatus.RECEIVED,
    FindingStatus.KEPT,
    FindingStatus.MERGED,
    FindingStatus.NOT_KEPT,
]
# The permission that moderates the consultation's comments (Coordination PPLI has it).
MODERATE_COMMENTS_PERMISSION = "network.change_consultationanswer"
# The line a solicitation adds to a request's internal notes (« Sollicité : X le … »).
SOLICITED_PREFIX = "Sollicité : "
# The plan whose objectives a consultation may put to the test (its period, as PlanPage has it).
CONSULTED_PLAN_PERIOD = (2017, 2020)


# Shared pieces


def person_name(user):
    """A staff member as the screens name them: their full name, else their login."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def brussels_datetime(value):
    """ "3 mars 2027 à 14:05", in the centre's time whatever the user's profile says."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value, BRUSSELS), "j F Y à H:i")


def staff_users():
    """The people who may be put in charge: active users who reach the admin (superusers, and
    members of a group, or holders, of Wagtail's "access admin" permission)."""
    permission_ids = Permission.objects.filter(
        codename="access_admin", content_type__app_label="wagtailadmin"
    ).values("pk")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission_ids)
            | Q(user_permissions__in=permission_ids)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class StaffMemberField(forms.ModelChoiceField):
    """A staff member, named by `person_name`."""

    def label_from_instance(self, obj):
        """The member's full name, else their login."""
        return person_name(obj)


def staff_member_field(label, help_text):
    """A choice among the staff members, « Personne » for none."""
    return StaffMemberField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=label,
        help_text=help_text,
        empty_label="Personne",
    )


class MessageForm(forms.Form):
    """A message from the team to a finding's or a request's author."""

    text = forms.CharField(
        label="Message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "La personne le reçoit par e-mail et le retrouve avec son lien de suivi. "
            "Elle peut vous répondre par ce lien."
        ),
        error_messages={"required": "Écrivez le message."},
    )


def message_rows(record):
    """The messages of a finding or a request, oldest first, as the pages list them."""
    return [
        {
            "from_staff": message.from_staff,
            "who": (person_name(message.author) or "L'équipe")
            if message.from_staff
            else "L'auteur",
            "when": brussels_datetime(message.created_at),
            "iso": message.created_at.isoformat(),
            "text": message.text,
        }
        for message in record.messages.select_related("author").order_by("created_at", "pk")
    ]


class WriteView(InstanceSpecificView):
    """« Écrire à l'auteur » / « Écrire au demandeur »: a message from the team, through
    channels.add_message (e-mailed to the author once the transaction commits)."""

    template_name = "network/admin/write_message.html"
    heading = ""
    done_message = "Message envoyé : la personne le reçoit par e-mail."

    def check_action_permitted(self, user):
        """Writing needs the change permission."""
        return self.permission_helper.user_can_edit_obj(user, self.instance)

    def get_page_title(self):
        """« Écrire à l'auteur » or « Écrire au demandeur »."""
        return self.heading

    @cached_property
    def back_url(self):
        """The record's page."""
        return self.edit_url

    def get(self, request, *args, **kwargs):
        """The empty message and the thread so far."""
        return self.render_page(MessageForm())

    def render_page(self, form):
        """The page with `form` (empty, or with its errors)."""
        return self.render_to_response(
            self.get_context_data(
                form=form,
                heading=self.heading,
                record=self.instance,
                messages_list=message_rows(self.instance),
                back_url=self.back_url,
            )
        )

    def post(self, request, *args, **kwargs):
        """Send the message through channels.add_message, or show the form's errors."""
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        channels.add_message(
            self.instance, form.cleaned_data["text"], from_staff=True, author=request.user
        )
        messages.success(request, self.done_message)
        return redirect(self.back_url)


# Field findings


def finding_label(finding):
    """A finding in a list of choices: its public title, else its number and organisation."""
    return str(finding)


class FindingChoiceField(forms.ModelChoiceField):
    """The finding a merged one goes into."""

    def label_from_instance(self, obj):
        """The finding's public title, else its number and organisation."""
        return finding_label(obj)


class ResourceChoiceField(forms.ModelMultipleChoiceField):
    """A library resource: « Mémorandum 2019 sur … (mémorandum, 2019) »."""

    def label_from_instance(self, obj):
        """The resource's title, kind and year."""
        details = [obj.get_kind_display().lower()]
        if obj.year:
            details.append(str(obj.year))
        return f"{obj.title} ({', '.join(details)})"


class FindingModerationForm(WagtailAdminModelForm):
    """The moderation of a finding: its status, the finding that takes it over when merged,
    its public text, its tags as staff correct them, the library's resources it fed, who
    follows it and the team's notes. The sender's own words are not in the form."""

    merged_into = FindingChoiceField(
        queryset=FieldFinding.objects.none(),
        required=False,
        label="Fusionné dans",
        help_text="Pour un constat « fusionné » : le constat retenu qui le reprend.",
        empty_label="Aucun",
    )
    handled_by = staff_member_field(
        "Suivi par", "La personne de l'équipe qui suit ce constat (vous, par défaut)."
    )
    axes = AxisChoiceField(
        queryset=AxisPage.objects.none(),
        required=False,
        label="Axes",
        widget=forms.CheckboxSelectMultiple,
    )
    resources = ResourceChoiceField(
        queryset=ResourcePage.objects.none(),
        required=False,
        label="Mémorandums et interpellations nourris",
        widget=forms.CheckboxSelectMultiple,
        help_text="Les ressources de la bibliothèque (en ligne) que ce constat a nourries.",
    )

    def __init__(self, *args, **kwargs):
        """The choices offered: staff's statuses, kept findings to merge into, staff members,
        tags and live resources."""
        super().__init__(*args, **kwargs)
        finding = self.instance
        # What the row holds now: clean() and the view compare the form's choices to it.
        self.original_status = finding.status
        self.original_published_at = finding.published_at
        status = self.fields["status"]
        if finding.status == FindingStatus.WITHDRAWN:
            status.disabled = True
            status.help_text = "Son auteur l'a retiré : son état ne change plus."
        else:
            status.choices = [(value.value, capfirst(value.label)) for value in FINDING_STATUSES]
        self.fields["merged_into"].queryset = (
            FieldFinding.objects.filter(
                Q(status=FindingStatus.KEPT) | Q(pk=finding.merged_into_id or 0)
            )
            .exclude(pk=finding.pk)
            .order_by("-created_at", "-pk")
        )
        self.fields["handled_by"].queryset = staff_users()
        self.fields["axes"].queryset = AxisPage.objects.order_by("path")
        # By slug: the accents sort as the reader expects (Éghezée among the E), on any database.
        self.fields["thematics"].queryset = ThematicPage.objects.order_by("slug")
        self.fields["communes"].queryset = Commune.objects.order_by("slug")
        self.fields["audiences"].queryset = Audience.objects.order_by("slug")
        self.fields[
            "public_summary"
        ].help_text = "Quelques phrases sur le constat, écrites pour le public."
        # Live resources, memorandums first (what findings feed most); a resource since
        # unpublished stays offered while it is ticked, so that saving never drops it.
        linked = finding.resources.values("pk") if finding.pk else []
        self.fields["resources"].queryset = (
            ResourcePage.objects.filter(Q(live=True) | Q(pk__in=linked))
            .annotate(
                memorandum_first=Case(
                    When(kind=ResourceKind.MEMORANDUM, then=0),
                    default=1,
                    output_field=IntegerField(),
                )
            )
            .order_by("memorandum_first", "title", "pk")
        )

    def clean(self):
        """A merged finding names the one it goes into; an online one keeps its public text."""
        cleaned = super().clean()
        status = cleaned.get("status", self.original_status)
        if status == FindingStatus.MERGED and not cleaned.get("merged_into"):
            self.add_error("merged_into", "Choisissez le constat retenu qui reprend celui-ci.")
        if status != FindingStatus.MERGED:
            cleaned["merged_into"] = None
        stays_online = self.original_published_at is not None and status == FindingStatus.KEPT
        if stays_online:
            for name, what in [("public_title", "son titre"), ("public_summary", "son résumé")]:
                if not (cleaned.get(name) or "").strip():
                    self.add_error(
                        name,
                        f"Ce constat est en ligne : il garde {what} public. Retirez-le d'abord "
                        "du site pour l'effacer.",
                    )
        return cleaned


def finding_panels():
    """The moderation form, in the order staff work: decide, write, tag, link, note."""
    return [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("handled_by")]),
                FieldPanel("merged_into"),
            ],
            heading="Modération",
        ),
        MultiFieldPanel(
            [FieldPanel("public_title"), FieldPanel("public_summary")],
            heading="Texte publié",
            help_text=(
                "Seul ce texte est publié, une fois le constat retenu et « Publier » cliqué. "
                "Ne reprenez ni nom ni donnée qui permette d'identifier une personne."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("thematics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("axes"),
                FieldPanel("province_wide"),
                FieldPanel("communes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Classement (corrigez si besoin ce que l'auteur a coché)",
        ),
        FieldPanel("resources"),
        FieldPanel("internal_notes"),
    ]


# The fields the moderation form writes itself (the status goes through channels.py), and its
# tags and links, set one by one (each m2m signal empties the page cache of a public finding).
FINDING_FIELDS = ["public_title", "public_summary", "handled_by", "internal_notes", "province_wide"]
FINDING_TAGS = ["thematics", "axes", "communes", "audiences", "resources"]


def publication_problem(finding):
    """Why `finding` cannot be published now, in French; None when it can."""
    if finding.published_at is not None:
        return "Ce constat est déjà en ligne."
    if finding.status != FindingStatus.KEPT:
        return (
            "Seul un constat retenu peut être publié : choisissez d'abord l'état « retenu » "
            "et enregistrez."
        )
    if not finding.public_title.strip() or not finding.public_summary.strip():
        return (
            "Écrivez d'abord son titre public et son résumé public, puis enregistrez : c'est le "
            "seul texte publié."
        )
    return None


class FindingEditView(EditView):
    """« Modérer » a finding: what its sender wrote (read only), its messages, its place on
    the site, then the moderation form."""

    page_title = "Constat de terrain"
    template_name = "network/admin/finding_edit.html"

    def get_template_names(self):
        """The moderation page (templates/network/admin/finding_edit.html)."""
        return [self.template_name]

    def get_edit_handler(self):
        """The moderation form's panels."""
        return ObjectList(finding_panels(), base_form_class=FindingModerationForm).bind_to_model(
            FieldFinding
        )

    def get_meta_title(self):
        """« Modérer : … » in the browser's tab."""
        return f"Modérer : {self.instance}"

    def get_page_subtitle(self):
        """The finding, as it names itself."""
        return str(self.instance)

    def get_error_message(self):
        """What staff read when the form has errors."""
        return "Le constat n'a pas été enregistré : corrigez les erreurs ci-dessous."

    def get_context_data(self, **kwargs):
        """What the page shows besides the form: the sender's words, the messages, the place
        on the site."""
        finding = self.instance
        return super().get_context_data(
            finding=finding,
            sender=finding_sender_rows(finding),
            messages_list=message_rows(finding),
            publication_problem=publication_problem(finding),
            publish_url=self.url_helper.get_action_url("publier", finding.pk),
            unpublish_url=self.url_helper.get_action_url("retirer", finding.pk),
            write_url=self.url_helper.get_action_url("ecrire", finding.pk),
            published_on=brussels_datetime(finding.published_at),
            **kwargs,
        )

    def form_valid(self, form):
        """A new status through channels.moderate_finding, then the public text, notes and
        tags, in one transaction."""
        finding = form.instance
        status = form.cleaned_data.get("status", form.original_status)
        status_changed = status != form.original_status
        with transaction.atomic():
            if status_changed:
                if finding.handled_by_id is None:
                    finding.handled_by = self.request.user
                # The row's own published_at: channels.py unpublishes a finding no longer kept.
                finding.published_at = form.original_published_at
                channels.moderate_finding(
                    finding,
                    status,
                    merged_into=form.cleaned_data.get("merged_into"),
                    user=self.request.user,
                )
                fields = FINDING_FIELDS
            else:
                finding.status = form.original_status
                fields = [*FINDING_FIELDS, "merged_into"]
            finding.save(update_fields=fields)
            for name in FINDING_TAGS:
                getattr(finding, name).set(form.cleaned_data.get(name) or [])
        text = f"Constat « {finding} » enregistré."
        if status_changed and status != FindingStatus.WITHDRAWN:
            text += f" État : {finding.get_status_display()} ; l'auteur en reçoit un e-mail."
        if status_changed and form.original_published_at and finding.published_at is None:
            text += " Il n'est plus retenu : il a quitté le site."
        messages.success(self.request, text)
        return redirect(self.request.path)


def finding_sender_rows(finding):
    """What the sender wrote and gave, as the finding's page shows it (read only)."""
    return [
        ("Reçu le", brussels_datetime(finding.created_at)),
        ("Organisation", finding.organisation),
        ("Personne de contact", finding.contact_name),
        ("E-mail", finding.email),
        ("Téléphone", finding.phone),
        ("Le constat", finding.description),
        ("Depuis quand", finding.since),
        ("Liens", finding.links),
        ("Autres publics", finding.audiences_other),
        ("Consentement donné le", brussels_datetime(finding.consent_at)),
    ]


class FindingActionView(InstanceSpecificView):
    """« Publier » or « Retirer du site »: a confirmation (GET), then the change (POST)."""

    template_name = "network/admin/confirm_finding_action.html"
    action = ""  # "publish" or "unpublish": what the confirmation page explains
    heading = ""
    confirm_label = ""

    def check_action_permitted(self, user):
        """Publishing and taking off need the change permission."""
        return self.permission_helper.user_can_edit_obj(user, self.instance)

    def get_page_title(self):
        """The action's heading."""
        return self.heading

    @cached_property
    def back_url(self):
        """The finding's page."""
        return self.edit_url

    def problem(self, finding):
        """Why the action does not apply to `finding` as it is; None when it does."""
        return None

    def get(self, request, *args, **kwargs):
        """The confirmation, or why the action does not apply."""
        return self.render_to_response(
            self.get_context_data(
                finding=self.instance,
                heading=self.heading,
                confirm_label=self.confirm_label,
                problem=self.problem(self.instance),
                back_url=self.back_url,
                action=self.action,
            )
        )

    def post(self, request, *args, **kwargs):
        """Act on the finding as it is now (read again under a lock), or say why not."""
        with transaction.atomic():
            # Read again under a lock: the finding may have changed since the page was shown.
            finding = FieldFinding.objects.select_for_update().get(pk=self.instance.pk)
            problem = self.problem(finding)
            if problem is None:
                self.act(finding)
        if problem is not None:
            messages.warning(request, problem)
        else:
            messages.success(request, self.done_message(finding))
        return redirect(self.back_url)


class PublishView(FindingActionView):
    """« Publier »: a kept finding with its public title and summary goes online
    (channels.publish_finding, which e-mails its author)."""

    action = "publish"
    heading = "Publier le constat"
    confirm_label = "Oui, publier"

    def problem(self, finding):
        """Why the finding cannot be published now (publication_problem)."""
        return publication_problem(finding)

    def act(self, finding):
        """Publish through channels.publish_finding."""
        channels.publish_finding(finding)

    def done_message(self, finding):
        """What staff read once it is published."""
        return (
            f"Constat « {finding.public_title} » publié : il est en ligne avec ses "
            "thématiques. Son auteur en reçoit un e-mail."
        )


class UnpublishView(FindingActionView):
    """« Retirer du site »: the finding leaves the public pages; its record stays
    (channels.unpublish_finding)."""

    action = "unpublish"
    heading = "Retirer le constat du site"
    confirm_label = "Oui, le retirer du site"

    def problem(self, finding):
        """Only a finding online can be taken off."""
        if finding.published_at is None:
            return "Ce constat n'est pas en ligne."
        return None

    def act(self, finding):
        """Take it off through channels.unpublish_finding."""
        channels.unpublish_finding(finding)

    def done_message(self, finding):
        """What staff read once it is off the site."""
        return (
            f"Constat « {finding} » retiré du site. Il reste ici, retenu : republiez-le quand "
            "vous voulez."
        )


class FindingWriteView(WriteView):
    """« Écrire à l'auteur » of a finding."""

    heading = "Écrire à l'auteur"
    done_message = "Message envoyé à l'auteur du constat : il le reçoit par e-mail."


class FindingDeleteView(DeleteView):
    """Deleting a finding (its author asked it, or spam): a published one first leaves the site
    through channels.py, so that the public pages' cache is emptied (a delete alone would not
    tell it: findings opt out of the cache's own signals)."""

    def confirmation_message(self):
        """What deleting does, in French."""
        return (
            "Supprimer définitivement ce constat, ses messages et ce qu'il a nourri ? S'il est "
            "en ligne, il quitte d'abord le site. Rien n'est envoyé à son auteur."
        )

    def delete_instance(self):
        """Take an online finding off the site first, then delete it."""
        if self.instance.published_at is not None:
            channels.unpublish_finding(self.instance)
        self.instance.delete()


# Expertise requests


class RequestTriageForm(WagtailAdminModelForm):
    """The triage of a request: its status (its requester is told of each change by e-mail),
    who follows it, and the team's notes."""

    assigned_to = staff_member_field(
        "Suivie par", "La personne de l'équipe qui s'occupe de cette demande."
    )
    # The notes as the page showed them: lines added meanwhile (a solicitation) are kept.
    notes_seen = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(self, *args, **kwargs):
        """Staff's statuses (a withdrawn request keeps its own), staff members, and the notes
        as shown."""
        super().__init__(*args, **kwargs)
        expertise_request = self.instance
        self.original_status = expertise_request.status
        self.original_notes = expertise_request.internal_notes
        self.fields["notes_seen"].initial = expertise_request.internal_notes
        status = self.fields["status"]
        status.help_text = "Chaque changement d'état est annoncé au demandeur par e-mail."
        if expertise_request.status == RequestStatus.WITHDRAWN:
            status.disabled = True
            status.help_text = "Son auteur l'a retirée : son état ne change plus."
        else:
            status.choices = [(value.value, capfirst(value.label)) for value in REQUEST_PROGRESS]
        self.fields["assigned_to"].queryset = staff_users()


def request_panels():
    """The triage form: status and staff member, then the notes."""
    return [
        FieldRowPanel([FieldPanel("status"), FieldPanel("assigned_to")], heading="Suivi"),
        FieldPanel("internal_notes"),
    ]


def merged_notes(submitted, seen, current):
    """The notes to store: what staff submitted, plus the lines written meanwhile by someone
    else (in the row now, not on the page they edited), so that saving never erases them."""
    if current == seen:
        return submitted
    seen_lines = set(seen.splitlines())
    submitted_lines = set(submitted.splitlines())
    added = [
        line
        for line in current.splitlines()
        if line.strip() and line not in seen_lines and line not in submitted_lines
    ]
    if not added:
        return submitted
    return "\n".join([submitted.rstrip("\n"), *added]).lstrip("\n")


def request_rows(expertise_request):
    """What the requester wrote and gave (read only)."""
    return [
        ("Reçue le", brussels_datetime(expertise_request.created_at)),
        ("Nom", expertise_request.name),
        ("Organisation", expertise_request.organisation),
        ("E-mail", expertise_request.email),
        ("Téléphone", expertise_request.phone),
        ("Thématique", expertise_request.thematic.title if expertise_request.thematic else ""),
        ("Commune", expertise_request.commune.name if expertise_request.commune else ""),
        ("Urgence", expertise_request.get_urgency_display()),
        ("Contexte", expertise_request.context),
        ("Question", expertise_request.question),
        ("Qui est concerné", expertise_request.concerned),
        ("Consentement donné le", brussels_datetime(expertise_request.consent_at)),
    ]


def signup_label(signup):
    """ "Organisation (Personne de contact)": how a solicited member is named in the notes."""
    return f"{signup.organisation_name} ({signup.contact_name})"


def solicited_line(signup, user, now=None):
    """ "Sollicité : CPAS de Namur (Awa Diallo) le 3 mars 2027 à 14:05 par Marie Dupont"."""
    line = f"{SOLICITED_PREFIX}{signup_label(signup)} le {brussels_datetime(now or timezone.now())}"
    name = person_name(user)
    return f"{line} par {name}" if name else line


def already_solicited(notes, signup):
    """Whether the notes record a solicitation of `signup`."""
    marker = SOLICITED_PREFIX + signup_label(signup) + " le "
    return any(line.startswith(marker) for line in notes.splitlines())


@dataclass
class SuggestionRows:
    """What the « Membres du réseau à solliciter » section shows."""

    members: list
    partners: list
    thematic: object


def suggestion_rows(expertise_request, request, model_admin):
    """The suggested members and partners of a request, with their buttons' addresses and
    whether the notes record them as solicited already."""
    thematic = expertise_request.thematic
    notes = expertise_request.internal_notes

    def signup_row(signup):
        """A member's row: its sign-up, its name in the notes, its button, whether it was
        asked already."""
        return {
            "signup": signup,
            "label": signup_label(signup),
            "solicit_url": model_admin.url_helper.get_action_url(
                "solliciter", expertise_request.pk, signup.pk
            ),
            "solicited": already_solicited(notes, signup),
        }

    partner_urls = PartnerUrls.for_request(request)
    members = [
        {**signup_row(suggestion.signup), "reason": suggestion.reason}
        for suggestion in suggested_members(thematic)
    ]
    partners = [
        {
            "organisation": partner.organisation,
            "page_url": partner_urls.url("organisation", partner.organisation.slug),
            "actions": ", ".join(partner.actions),
            "action_count": len(partner.actions),
            "signups": [signup_row(signup) for signup in partner.signups],
        }
        for partner in suggested_partners(thematic)
    ]
    return SuggestionRows(members=members, partners=partners, thematic=thematic)


class RequestEditView(EditView):
    """« Traiter » a request: what its requester wrote (read only), its messages, the network
    members to ask, then the triage form."""

    page_title = "Demande d'expertise"
    template_name = "network/admin/request_edit.html"

    def get_template_names(self):
        """The triage page (templates/network/admin/request_edit.html)."""
        return [self.template_name]

    def get_edit_handler(self):
        """The triage form's panels."""
        return ObjectList(request_panels(), base_form_class=RequestTriageForm).bind_to_model(
            ExpertiseRequest
        )

    def get_meta_title(self):
        """« Traiter : … » in the browser's tab."""
        return f"Traiter : {self.instance}"

    def get_page_subtitle(self):
        """The request, as it names itself."""
        return str(self.instance)

    def get_error_message(self):
        """What staff read when the form has errors."""
        return "La demande n'a pas été enregistrée : corrigez les erreurs ci-dessous."

    def get_context_data(self, **kwargs):
        """What the page shows besides the form: the request, its messages, the members to ask."""
        expertise_request = self.instance
        return super().get_context_data(
            expertise_request=expertise_request,
            requester=request_rows(expertise_request),
            age=received_ago(expertise_request.created_at),
            messages_list=message_rows(expertise_request),
            write_url=self.url_helper.get_action_url("ecrire", expertise_request.pk),
            suggestions=suggestion_rows(expertise_request, self.request, self.model_admin),
            can_solicit=expertise_request.is_open,
            **kwargs,
        )

    def form_valid(self, form):
        """Staff member and notes (keeping lines noted meanwhile), then a new status through
        channels.change_request_status."""
        expertise_request = form.instance
        status = form.cleaned_data.get("status", form.original_status)
        with transaction.atomic():
            current = ExpertiseRequest.objects.select_for_update().get(pk=expertise_request.pk)
            expertise_request.internal_notes = merged_notes(
                form.cleaned_data.get("internal_notes", ""),
                form.cleaned_data.get("notes_seen", ""),
                current.internal_notes,
            )
            expertise_request.save(update_fields=["assigned_to", "internal_notes"])
            # The row's own status: channels.py compares it with the new one.
            expertise_request.status = current.status
            changed = channels.change_request_status(expertise_request, status)
        text = "Demande enregistrée."
        if changed:
            text += (
                f" État : {expertise_request.get_status_display()} ; le demandeur en reçoit "
                "un e-mail."
            )
        messages.success(self.request, text)
        return redirect(self.request.path)


class RequestWriteView(WriteView):
    """« Écrire au demandeur » of a request."""

    heading = "Écrire au demandeur"
    done_message = "Message envoyé au demandeur : il le reçoit par e-mail."


class SolicitView(InstanceSpecificView):
    """« Solliciter »: e-mail an accepted network member about a request (its question,
    context, thematic and commune, never who asked: network.tasks.send_member_request, once the
    transaction commits) and note it in the request's internal notes. POST only."""

    signup_id = None  # given to as_view() by the ModelAdmin's URL (network/staff.py)

    def __init__(self, model_admin, instance_pk, signup_id):
        """The request (404 if none) and the sign-up asked."""
        super().__init__(model_admin, instance_pk)
        self.signup_id = signup_id

    def check_action_permitted(self, user):
        """Soliciting needs the change permission on requests."""
        return self.permission_helper.user_can_edit_obj(user, self.instance)

    @cached_property
    def back_url(self):
        """The request's page, at its members' section."""
        return self.edit_url + "#membres-du-reseau"

    def get(self, request, *args, **kwargs):
        """A GET changes nothing: 405."""
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        """E-mail the member (after the commit) and note it, if the member is accepted and the
        request open."""
        signup = WorkingGroupSignup.objects.filter(
            pk=self.signup_id, status=SignupStatus.ACCEPTED
        ).first()
        if signup is None:
            messages.warning(
                request, "Ce membre n'est pas ou plus inscrit au réseau : rien n'a été envoyé."
            )
            return redirect(self.back_url)
        with transaction.atomic():
            expertise_request = ExpertiseRequest.objects.select_for_update().get(
                pk=self.instance.pk
            )
            if not expertise_request.is_open:
                messages.warning(
                    request,
                    f"Cette demande est « {expertise_request.get_status_display()} » : rien n'a "
                    "été envoyé. Rouvrez-la (état « en cours d'analyse » ou « réseau mobilisé ») "
                    "pour solliciter le réseau.",
                )
                return redirect(self.back_url)
            notes = expertise_request.internal_notes.rstrip("\n")
            line = solicited_line(signup, request.user)
            expertise_request.internal_notes = f"{notes}\n{line}" if notes else line
            expertise_request.save(update_fields=["internal_notes"])
            channels.enqueue(
                tasks.send_member_request, expertise_request.pk, signup.pk, request.user.pk
            )
        messages.success(
            request,
            f"Demande d'expertise envoyée à {signup_label(signup)}, {signup.email}. "
            "C'est noté dans les notes internes ; sa réponse vous arrivera par e-mail.",
        )
        return redirect(self.back_url)


# Consultations


def consulted_plan():
    """The 2017-2020 plan, whose objectives a consultation may put to the test."""
    start, end = CONSULTED_PLAN_PERIOD
    return PlanPage.objects.filter(period_start=start, period_end=end).order_by("path").first()


def consulted_key_issues():
    """The booklet's essential issues, in their numbers' order."""
    return KeyIssue.objects.order_by("number", "pk")


def consulted_objectives():
    """The live objectives of the 2017-2020 plan, in their numbers' order."""
    plan = consulted_plan()
    if plan is None:
        return ObjectivePage.objects.none()
    return ObjectivePage.objects.live().descendant_of(plan).order_by("number", "path")


def update_items(consultation):
    """The consultation's items follow the essential issues (and the objectives if it includes
    them): channels.ensure_items, which keeps the items already answered."""
    channels.ensure_items(consultation, consulted_key_issues(), consulted_objectives())


class ConsultationForm(WagtailAdminModelForm):
    """A consultation's title, dates and whether the objectives are consulted too."""

    def clean(self):
        """Both dates or none, the first before the last."""
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if bool(opens_on) != bool(closes_on) and not self.errors:
            missing = "closes_on" if opens_on else "opens_on"
            self.add_error(
                missing,
                "Donnez les deux dates pour ouvrir la consultation, ou aucune pour la garder "
                "en brouillon.",
            )
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "La consultation se termine avant de commencer.")
        return cleaned


def consultation_panels():
    """The consultation's form: title, dates, objectives."""
    return [
        FieldPanel("title"),
        FieldRowPanel(
            [FieldPanel("opens_on"), FieldPanel("closes_on")],
            heading="Dates",
            help_text=(
                "La consultation est ouverte du premier au dernier jour inclus. Sans dates, "
                "elle reste un brouillon : sa page ne la propose pas."
            ),
        ),
        FieldPanel("include_objectives"),
    ]


def items_message(consultation):
    """ "13 questions : 13 enjeux essentiels et 35 objectifs"."""
    counts = consultation.items.aggregate(
        issues=Count("pk", filter=Q(source=ItemSource.KEY_ISSUE)),
        objectives=Count("pk", filter=Q(source=ItemSource.OBJECTIVE)),
    )
    text = f"{counts['issues']} enjeux essentiels"
    if counts["objectives"]:
        text += f" et {counts['objectives']} objectifs 2017-2020"
    return text


class ConsultationFormMixin:
    """What creating and editing a consultation share: the form, and its items updated once
    it is saved."""

    def get_edit_handler(self):
        """The consultation's form panels."""
        return ObjectList(consultation_panels(), base_form_class=ConsultationForm).bind_to_model(
            Consultation
        )

    def get_error_message(self):
        """What staff read when the form has errors."""
        return "La consultation n'a pas été enregistrée : corrigez les erreurs ci-dessous."

    def form_valid(self, form):
        """Save, then let the items follow (channels.ensure_items), in one transaction."""
        with transaction.atomic():
            consultation = form.save()
            update_items(consultation)
        self.instance = consultation
        messages.success(
            self.request,
            f"Consultation « {consultation} » enregistrée. Ses questions : "
            f"{items_message(consultation)}.",
        )
        return redirect(self.index_url)


class ConsultationCreateView(ConsultationFormMixin, CreateView):
    """« Nouvelle consultation »."""

    page_title = "Nouvelle consultation"

    def get_meta_title(self):
        """The browser tab's title."""
        return "Nouvelle consultation sur les constats"


class ConsultationEditView(ConsultationFormMixin, EditView):
    """Changing a consultation's title, dates, or its objectives."""

    page_title = "Modifier la consultation"

    def get_meta_title(self):
        """The browser tab's title."""
        return f"Modifier : {self.instance}"


VERDICT_COLUMNS = [
    ("current", Verdict.CURRENT),
    ("nuanced", Verdict.NUANCED),
    ("outdated", Verdict.OUTDATED),
]
WITH_COMMENT = ~Q(answers__comment="")


def item_results(consultation):
    """The consultation's items in their order, each with its counts per verdict, its answers
    and its comments (published, to moderate): one query."""
    return consultation.items.annotate(
        **{
            name: Count("answers", filter=Q(answers__verdict=verdict))
            for name, verdict in VERDICT_COLUMNS
        },
        total=Count("answers"),
        published_comments=Count(
            "answers", filter=WITH_COMMENT & Q(answers__comment_status=CommentStatus.PUBLISHED)
        ),
        pending_comments=Count(
            "answers", filter=WITH_COMMENT & Q(answers__comment_status=CommentStatus.PENDING)
        ),
    ).order_by("position", "pk")


class ConsultationView(WMABaseView):
    """A view about one consultation (its results, its comments, its exports)."""

    instance_pk = None  # given to as_view() by the ModelAdmin's URL (network/staff.py)

    def __init__(self, model_admin, instance_pk):
        """The consultation (404 if none)."""
        super().__init__(model_admin)
        self.consultation = get_object_or_404(Consultation, pk=instance_pk)

    def check_action_permitted(self, user):
        """Any permission on consultations (view, for the readers)."""
        return self.permission_helper.user_can_list(user)

    def get_page_subtitle(self):
        """The consultation's title."""
        return str(self.consultation)

    def url(self, action):
        """The address of one of the consultation's views."""
        return self.url_helper.get_action_url(action, self.consultation.pk)

    def get_context_data(self, **kwargs):
        """What every consultation page shows: its state, dates, buttons and exports."""
        user = self.request.user
        return super().get_context_data(
            consultation=self.consultation,
            state=consultation_state(self.consultation),
            period=consultation_period(self.consultation),
            results_url=self.url("resultats"),
            comments_url=self.url("commentaires"),
            edit_url=self.url("edit"),
            can_edit=self.permission_helper.user_can_edit_obj(user, self.consultation),
            can_moderate=user.has_perm(MODERATE_COMMENTS_PERMISSION),
            exports=[
                (label, self.url_helper.get_action_url("export", self.consultation.pk, name))
                for name, label in EXPORT_LABELS.items()
            ],
            **kwargs,
        )


class ResultsView(ConsultationView):
    """« Résultats »: per item, the answers counted per verdict, and its comments."""

    template_name = "network/admin/consultation_results.html"
    page_title = "Résultats de la consultation"

    def get(self, request, *args, **kwargs):
        """The items with their counts and shares per verdict."""
        items = list(item_results(self.consultation))
        participants = (
            self.consultation.participants.filter(answers__isnull=False).distinct().count()
        )
        rows = [
            {
                "item": item,
                # Each verdict's count and its share of the item's answers (whole percents).
                "cells": [
                    (
                        getattr(item, name),
                        round(100 * getattr(item, name) / item.total) if item.total else None,
                    )
                    for name, _verdict in VERDICT_COLUMNS
                ],
            }
            for item in items
        ]
        return self.render_to_response(
            self.get_context_data(
                items=rows,
                participants=participants,
                answers=sum(item.total for item in items),
                pending=sum(item.pending_comments for item in items),
                verdicts=[capfirst(verdict.label) for _name, verdict in VERDICT_COLUMNS],
            )
        )


# The comments' filter, as in the address (?etat=): the statuses, and « tous ».
COMMENT_FILTERS = {
    CommentStatus.PENDING.value: "À modérer",
    CommentStatus.PUBLISHED.value: "Publiés",
    CommentStatus.REJECTED.value: "Non publiés",
}
COMMENT_DECISIONS = {
    "publier": CommentStatus.PUBLISHED,
    "refuser": CommentStatus.REJECTED,
    "remettre": CommentStatus.PENDING,
}
COMMENTS_PER_PAGE = 100


class CommentsView(ConsultationView):
    """« Commentaires »: the answers' comments, to publish or not, those waiting first. The
    decision is per comment; « Tout publier » publishes every comment waiting on the page."""

    template_name = "network/admin/consultation_comments.html"
    page_title = "Commentaires de la consultation"

    def check_action_permitted(self, user):
        """Moderating needs the change permission on answers."""
        return user.has_perm(MODERATE_COMMENTS_PERMISSION)

    def chosen_status(self):
        """The comments' status shown (?etat=), waiting ones by default; a 400 for another."""
        value = self.request.GET.get("etat", CommentStatus.PENDING.value)
        if value not in COMMENT_FILTERS:
            raise BadRequest("Filtre inconnu : « attente », « publie » ou « refuse ».")
        return value

    def comments(self):
        """This consultation's answers with a comment, in the items' order."""
        return (
            ConsultationAnswer.objects.filter(item__consultation=self.consultation)
            .exclude(comment="")
            .select_related("item")
            .order_by("item__position", "item_id", "answered_at", "pk")
        )

    def get(self, request, *args, **kwargs):
        """The comments of the chosen status, with the count of each status."""
        chosen = self.chosen_status()
        counts = dict(
            self.comments()
            .order_by()
            .values_list("comment_status")
            .annotate(count=Count("pk"))
            .values_list("comment_status", "count")
        )
        comments = list(self.comments().filter(comment_status=chosen)[:COMMENTS_PER_PAGE])
        return self.render_to_response(
            self.get_context_data(
                chosen=chosen,
                filters=[
                    {
                        "value": value,
                        "label": label,
                        "count": counts.get(value, 0),
                        "url": f"{request.path}?etat={value}",
                        "current": value == chosen,
                    }
                    for value, label in COMMENT_FILTERS.items()
                ],
                comments=[
                    {
                        "answer": answer,
                        "verdict": capfirst(answer.get_verdict_display()),
                        "when": timezone.localtime(answer.answered_at, BRUSSELS).strftime(
                            "%d/%m/%Y"
                        ),
                    }
                    for answer in comments
                ],
                more=counts.get(chosen, 0) > len(comments),
            )
        )

    def post(self, request, *args, **kwargs):
        """Publish, refuse or put back the chosen comments of this consultation."""
        decision = COMMENT_DECISIONS.get(request.POST.get("decision", ""))
        ids = request.POST.getlist("answer")
        if decision is None or not ids or not all(pk.isascii() and pk.isdigit() for pk in ids):
            raise BadRequest("Décision invalide : un commentaire et « publier » ou « refuser ».")
        with transaction.atomic():
            answers = list(self.comments().select_for_update().filter(pk__in=ids))
            changed = channels.moderate_comments(answers, decision)
        label = {
            CommentStatus.PUBLISHED: ("commentaire publié", "commentaires publiés"),
            CommentStatus.REJECTED: ("commentaire non publié", "commentaires non publiés"),
            CommentStatus.PENDING: ("commentaire remis à modérer", "commentaires remis à modérer"),
        }[decision]
        text = f"{changed} {label[0] if changed < 2 else label[1]}."
        if decision == CommentStatus.PUBLISHED and changed:
            text += " Les commentaires publiés paraissent avec les résultats, une fois close."
        messages.success(request, text)
        back = request.POST.get("etat", CommentStatus.PENDING.value)
        if back not in COMMENT_FILTERS:
            back = CommentStatus.PENDING.value
        return redirect(f"{request.path}?etat={back}")


# Exports: the counts per item and verdict, and the published comments.

EXPORT_LABELS = {
    "resultats.xlsx": "Résultats et commentaires publiés (Excel)",
    "resultats.csv": "Résultats (CSV)",
    "commentaires.csv": "Commentaires publiés (CSV)",
}
RESULT_HEADINGS = [
    "N°",
    "Origine",
    "Question",
    *[str(capfirst(verdict.label)) for _name, verdict in VERDICT_COLUMNS],
    "Réponses",
    "Commentaires publiés",
]
COMMENT_HEADINGS = ["N°", "Question", "Avis", "Commentaire", "Confirmée le"]


def result_rows(consultation):
    """The export's rows of results: one per item, its counts per verdict."""
    return [
        [
            item.number,
            str(capfirst(item.get_source_display())),
            item.text,
            *[getattr(item, name) for name, _verdict in VERDICT_COLUMNS],
            item.total,
            item.published_comments,
        ]
        for item in item_results(consultation)
    ]


def published_comment_rows(consultation):
    """The export's rows of published comments, in the items' order."""
    answers = (
        ConsultationAnswer.objects.filter(
            item__consultation=consultation, comment_status=CommentStatus.PUBLISHED
        )
        .exclude(comment="")
        .select_related("item")
        .order_by("item__position", "item_id", "answered_at", "pk")
    )
    return [
        [
            answer.item.number,
            answer.item.text,
            str(capfirst(answer.get_verdict_display())),
            answer.comment,
            brussels_naive(answer.answered_at),
        ]
        for answer in answers
    ]


def staff_csv(headings, rows):
    """A CSV file as the staff's spreadsheets open it: a UTF-8 mark, the staff's separator,
    no cell run as a formula (core/spreadsheets.py)."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=settings.STAFF_CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow(
            [
                neutralise_cell(value.strftime("%Y-%m-%d %H:%M"))
                if hasattr(value, "strftime")
                else neutralise_cell(value)
                for value in row
            ]
        )
    return "\ufeff" + output.getvalue()


def results_workbook(consultation):
    """The results and the published comments, one sheet each."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheets = [
        ("Résultats", RESULT_HEADINGS, result_rows(consultation)),
        ("Commentaires publiés", COMMENT_HEADINGS, published_comment_rows(consultation)),
    ]
    workbook.remove(workbook.active)
    for title, headings, rows in sheets:
        sheet = workbook.create_sheet(title=title)
        sheet.append(headings)
        for row in rows:
            sheet.append([xlsx_safe(value) for value in row])
            for cell in sheet[sheet.max_row]:
                # A visitor's comment starting with "=" stays text, never a formula (as
                # Wagtail's own exports do).
                if cell.data_type == "f":
                    cell.data_type = "s"
        for index, heading in enumerate(headings):
            values = [heading, *[row[index] for row in rows]]
            width = max(len(str(value)) for value in values if value is not None)
            sheet.column_dimensions[chr(ord("A") + index)].width = min(max(width + 2, 8), 80)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


class ExportView(ConsultationView):
    """The consultation's results for staff, at any time (the public page offers them once it
    is closed): « resultats.xlsx », « resultats.csv », « commentaires.csv »."""

    name = None  # given to as_view() by the ModelAdmin's URL (network/staff.py)

    def __init__(self, model_admin, instance_pk, name):
        """The consultation (404 if none) and the file asked."""
        super().__init__(model_admin, instance_pk)
        if name not in EXPORT_LABELS:
            raise BadRequest("Export inconnu.")
        self.name = name

    def get(self, request, *args, **kwargs):
        """The file, offered for download."""
        base = slugify(self.consultation.title)[:60] or "consultation"
        if self.name == "resultats.xlsx":
            response = HttpResponse(
                results_workbook(self.consultation),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        elif self.name == "resultats.csv":
            text = staff_csv(RESULT_HEADINGS, result_rows(self.consultation))
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        else:
            text = staff_csv(COMMENT_HEADINGS, published_comment_rows(self.consultation))
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{base}-{self.name}"'
        return response
