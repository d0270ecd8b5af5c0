"""Partners' requests to join working groups, and the PPLI's site-wide settings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .partners import OrganisationKind


class SignupStatus(models.TextChoices):
    PENDING = "en_attente", _("en attente")
    ACCEPTED = "acceptee", _("acceptée")
    DECLINED = "refusee", _("refusée")


class WorkingGroupSignup(models.Model):
    """One partner's request to join one group; a form submission makes one row per group."""

    # Written by visitors and shown only to staff: saving one must not empty the page cache.
    page_cache_ignore = True

    submission = models.UUIDField(_("demande"), db_index=True, editable=False)
    group = models.ForeignKey(
        "ppli.WorkingGroupPage",
        verbose_name=_("groupe"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="signups",
    )
    # Kept so a request stays readable if its group page is deleted.
    group_title = models.CharField(_("groupe (intitulé)"), max_length=255)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation = models.ForeignKey(
        "ppli.Organisation",
        verbose_name=_("organisation connue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signups",
    )
    organisation_kind = models.CharField(
        _("type d'organisation"), max_length=20, choices=OrganisationKind.choices
    )
    contact_name = models.CharField(_("personne de contact"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    commune = models.CharField(_("commune"), max_length=100)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    consent_at = models.DateTimeField(_("consentement donné le"))
    status = models.CharField(
        _("état"), max_length=20, choices=SignupStatus.choices, default=SignupStatus.PENDING
    )
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inscription à un groupe de travail")
        verbose_name_plural = _("inscriptions aux groupes de travail")
        ordering = ["-created_at", "pk"]
        # Staff never create or edit a request: they accept or refuse it (ppli/signup_admin.py).
        permissions = [("decide_workinggroupsignup", "Peut accepter ou refuser une inscription")]
        constraints = [
            # The database itself refuses a second pending request for the same group and
            # address, even when two arrive at the same instant.
            models.UniqueConstraint(
                fields=["group", "email"],
                condition=Q(status="en_attente"),
                name="one_pending_signup_per_group_and_email",
            )
        ]

    def __str__(self):
        return f"{self.organisation_name} → {self.group_title}"


@register_setting(icon="group")
class PPLISettings(BaseSiteSetting):
    """Who is told about new sign-ups, and where the privacy notice lives."""

    coordinator_email = models.EmailField(
        _("e-mail de coordination du PPLI"),
        blank=True,
        help_text=_("Reçoit les inscriptions des groupes qui n'ont pas d'e-mail de contact."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Protection des données »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "La page liée sous le formulaire d'inscription aux groupes (« Comment nous "
            "protégeons vos données »)."
        ),
    )

    panels = [FieldPanel("coordinator_email"), FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("PPLI : inscriptions")
