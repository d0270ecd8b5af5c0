"""Partners' requests to join the PPLI's network (and, until 2026, one 2017-2020 working group
each), and the PPLI's site-wide settings."""

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
    """One partner's request to join the PPLI's network: the axes and thematics it works on and
    the concertation spaces (open to sign-ups) it wants to join; one row per submission.

    Requests made before the network form asked for one 2017-2020 working group each (one row
    per group): they keep their `group` and `group_title` as history. New requests have none.
    """

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
    # Kept so a request stays readable if its group page is deleted; empty on network requests.
    group_title = models.CharField(_("groupe (intitulé)"), max_length=255, blank=True, default="")
    axes = models.ManyToManyField(
        "ppli.AxisPage", verbose_name=_("axes"), blank=True, related_name="network_signups"
    )
    thematics = models.ManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="ppli_network_signups",
    )
    spaces = models.ManyToManyField(
        "ppli.ConcertationSpacePage",
        verbose_name=_("espaces de concertation"),
        blank=True,
        related_name="signups",
    )
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
        verbose_name = _("inscription au réseau du PPLI")
        verbose_name_plural = _("inscriptions au réseau du PPLI")
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
            ),
            # The same for network requests: one pending request per address.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="en_attente", group__isnull=True),
                name="one_pending_network_signup_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name} → {self.request_label()}"

    def request_label(self):
        """What was asked: the 2017-2020 group of an old request, or the network."""
        return self.group_title or "Réseau du PPLI"

    def axes_labels(self):
        """The axes, « 2° Santé… », one after the other (read from a prefetch when there is
        one)."""
        return ", ".join(f"{axis.number} {axis.short_title}" for axis in self.axes.all())

    def thematics_labels(self):
        """The thematics' titles, one after the other."""
        return ", ".join(thematic.title for thematic in self.thematics.all())

    def spaces_labels(self):
        """The concertation spaces' titles, one after the other."""
        return ", ".join(space.title for space in self.spaces.all())


@register_setting(icon="group")
class PPLISettings(BaseSiteSetting):
    """Who is told about new sign-ups, and where the privacy notice lives."""

    coordinator_email = models.EmailField(
        _("e-mail de coordination du PPLI"),
        blank=True,
        help_text=_(
            "Reçoit les demandes « Rejoindre le réseau du PPLI » qui ne choisissent aucun espace "
            "de concertation ayant son propre e-mail de contact."
        ),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Protection des données »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "La page liée sous le formulaire « Rejoindre le réseau du PPLI » (« Comment nous "
            "protégeons vos données »)."
        ),
    )

    panels = [FieldPanel("coordinator_email"), FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("PPLI : inscriptions")
