"""PPLI 2.0 in action: the three channels of the method « partir des constats de terrain pour
œuvrer avec le réseau à apporter des solutions » (seeds 001, 004).

- Field findings (`FieldFinding`): sent by a professional or a partner, moderated by staff, who
  write the public summary; the published ones are listed on /ppli/constats-de-terrain/ and on
  their thematics' pages.
- The 2016-2017 findings put to the test (`Consultation`): for each item (the booklet's
  essential issues, the 2017-2020 objectives if staff choose), a network member answers; an
  answer counts once its address is confirmed by link, once per address and item.
- Expertise requests (`ExpertiseRequest`), triaged by staff, who mobilise the network.

A person follows all of it by an e-mailed link (`FollowUpLink`), without an account. Records are
written by network/channels.py (the one writer); the public pages below only give the routes,
served by network's `before_serve_page` hook (network/views.py): the models import no view or
form.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from home.models import BasePage

# The channels' pages sit under the PPLI's page (/ppli/…), one of each.
PPLI_INDEX = ["ppli.PPLIIndexPage"]


class FindingsPage(RoutablePageMixin, BasePage):
    """« Constats de terrain » (/ppli/constats-de-terrain/): the published findings with their
    filters and chart; its route `remonter/` is the form to send one."""

    parent_page_types = PPLI_INDEX
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page des constats de terrain")

    @path("")
    def index(self, request, *args, **kwargs):
        return self.render(request)

    @path("remonter/", name="form")
    def form(self, request):
        """Served by network's hook (network/views.py); reached only when it is absent."""
        raise Http404


class ConsultationPage(RoutablePageMixin, BasePage):
    """« Réactualisation des constats » (/ppli/reactualisation/): the consultation's form while
    it is open, the number of answers, then its results; `confirmer/<token>/` confirms an
    answer's address, `resultats.csv` exports the results of a closed consultation."""

    parent_page_types = PPLI_INDEX
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page de la consultation sur les constats")

    @path("")
    def index(self, request, *args, **kwargs):
        return self.render(request)

    @path("confirmer/<str:token>/", name="confirm")
    def confirm(self, request, token):
        """Served by network's hook (network/views.py)."""
        raise Http404

    @path("resultats.csv", name="results")
    def results(self, request):
        """Served by network's hook (network/views.py)."""
        raise Http404


class ExpertiseRequestPage(RoutablePageMixin, BasePage):
    """« Demander l'expertise du réseau » (/ppli/demande-d-expertise/): the request's form."""

    parent_page_types = PPLI_INDEX
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page de demande d'expertise")

    @path("")
    def index(self, request, *args, **kwargs):
        return self.render(request)


class FollowUpPage(RoutablePageMixin, BasePage):
    """« Mes demandes » (/ppli/mes-demandes/): ask for a link by e-mail; `<token>/` lists what
    that address sent, `<token>/donnees.json` exports it."""

    parent_page_types = PPLI_INDEX
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page « Mes demandes »")

    @path("")
    def index(self, request, *args, **kwargs):
        return self.render(request)

    @path("<str:token>/", name="follow")
    def follow(self, request, token):
        """Served by network's hook (network/views.py)."""
        raise Http404

    @path("<str:token>/donnees.json", name="export")
    def export(self, request, token):
        """Served by network's hook (network/views.py)."""
        raise Http404


class Commune(models.Model):
    """One of the province's 38 communes (network/data/communes.yaml): what the findings and
    requests are about, filtered and counted by."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)

    # Loaded once; the findings that name it bump the cache themselves.
    page_cache_ignore = True

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class FindingStatus(models.TextChoices):
    RECEIVED = "recu", _("reçu")
    KEPT = "retenu", _("retenu")
    MERGED = "fusionne", _("fusionné avec un autre")
    NOT_KEPT = "non_retenu", _("non retenu")
    WITHDRAWN = "retire", _("retiré par son auteur")


class FieldFinding(models.Model):
    """A field finding sent by a professional or a partner (« Remonter un constat de
    terrain »). Staff moderate it; a kept one gets a public title and summary, written by staff,
    and is public once published (`published_at`). The sender's own words stay private."""

    # Created by visitors: their sending must not empty the page cache. A change by staff does
    # (network/signals.py), since a published finding is on public pages.
    page_cache_ignore = True

    organisation = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("personne de contact"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254, db_index=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    communes = models.ManyToManyField(
        Commune, verbose_name=_("communes"), blank=True, related_name="findings"
    )
    province_wide = models.BooleanField(_("toute la province"), default=False)
    axes = models.ManyToManyField(
        "ppli.AxisPage", verbose_name=_("axes"), blank=True, related_name="field_findings"
    )
    thematics = models.ManyToManyField(
        "thematiques.ThematicPage",
        verbose_name=_("thématiques"),
        blank=True,
        related_name="field_findings",
    )
    audiences = models.ManyToManyField(
        "taxonomies.Audience",
        verbose_name=_("publics concernés"),
        blank=True,
        related_name="field_findings",
    )
    audiences_other = models.CharField(_("autres publics"), max_length=300, blank=True)
    description = models.TextField(_("constat"), max_length=5000)
    since = models.CharField(_("depuis quand"), max_length=100, blank=True)
    links = models.TextField(_("liens"), max_length=2000, blank=True)
    consent_at = models.DateTimeField(_("consentement donné le"))
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)

    status = models.CharField(
        _("état"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.RECEIVED
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionné dans"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        help_text=_("Pour un constat « fusionné » : le constat qui le reprend."),
    )
    public_title = models.CharField(_("titre public"), max_length=200, blank=True)
    public_summary = models.TextField(
        _("résumé public"),
        max_length=3000,
        blank=True,
        help_text=_(
            "Écrit par l'équipe : c'est le seul texte publié. Ne reprenez ni nom ni donnée "
            "permettant d'identifier une personne."
        ),
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, db_index=True)
    resources = models.ManyToManyField(
        "resources.ResourcePage",
        verbose_name=_("mémorandums et interpellations nourris"),
        blank=True,
        related_name="field_findings",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivi par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    internal_notes = models.TextField(_("notes internes"), blank=True)
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("constat de terrain")
        verbose_name_plural = _("constats de terrain")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Only a kept finding with its public text is ever published.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | (Q(status="retenu") & ~Q(public_title="") & ~Q(public_summary="")),
                name="published_finding_is_kept_and_summarised",
            )
        ]

    def __str__(self):
        return self.public_title or _("Constat n° %(pk)s (%(organisation)s)") % {
            "pk": self.pk,
            "organisation": self.organisation,
        }

    @property
    def is_public(self):
        return self.published_at is not None


class PublishedFindingManager(models.Manager):
    """The findings visitors see."""

    def get_queryset(self):
        return super().get_queryset().filter(published_at__isnull=False, status="retenu")


class PublishedFinding(FieldFinding):
    """The published findings (a proxy: the same rows, the public manager)."""

    objects = PublishedFindingManager()

    class Meta:
        proxy = True
        verbose_name = _("constat publié")
        verbose_name_plural = _("constats publiés")


class RequestStatus(models.TextChoices):
    RECEIVED = "recue", _("reçue")
    ANALYSIS = "analyse", _("en cours d'analyse")
    MOBILISED = "mobilisation", _("réseau mobilisé")
    ANSWERED = "repondue", _("répondue")
    CLOSED = "cloturee", _("clôturée")
    WITHDRAWN = "retiree", _("retirée par son auteur")


# The order of a request's progress (the dashboard's columns, the staff's next steps).
REQUEST_PROGRESS = [
    RequestStatus.RECEIVED,
    RequestStatus.ANALYSIS,
    RequestStatus.MOBILISED,
    RequestStatus.ANSWERED,
    RequestStatus.CLOSED,
]
OPEN_REQUEST_STATUSES = [
    RequestStatus.RECEIVED,
    RequestStatus.ANALYSIS,
    RequestStatus.MOBILISED,
]


class Urgency(models.TextChoices):
    NORMAL = "normale", _("Pas d'urgence particulière")
    MONTH = "mois", _("Dans le mois")
    WEEK = "semaine", _("Urgent : dans la semaine")


class ExpertiseRequest(models.Model):
    """A request for the network's expertise (« Demander l'expertise du réseau »), from the
    field or a societal context; staff triage it and mobilise the network's members."""

    # Written by visitors, shown only to staff and to the requester by link.
    page_cache_ignore = True

    name = models.CharField(_("nom"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, db_index=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    context = models.TextField(_("contexte"), max_length=5000)
    question = models.TextField(_("question"), max_length=3000)
    thematic = models.ForeignKey(
        "thematiques.ThematicPage",
        verbose_name=_("thématique"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expertise_requests",
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expertise_requests",
    )
    urgency = models.CharField(
        _("urgence"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL
    )
    concerned = models.TextField(_("qui est concerné"), max_length=2000, blank=True)
    consent_at = models.DateTimeField(_("consentement donné le"))
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True, db_index=True)

    status = models.CharField(
        _("état"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    status_changed_at = models.DateTimeField(_("état changé le"), default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    internal_notes = models.TextField(_("notes internes"), blank=True)

    class Meta:
        verbose_name = _("demande d'expertise")
        verbose_name_plural = _("demandes d'expertise")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Demande n° %(pk)s (%(name)s)") % {"pk": self.pk, "name": self.name}

    @property
    def is_open(self):
        return self.status in OPEN_REQUEST_STATUSES


class ChannelMessage(models.Model):
    """A message on a finding or a request: from its author (by their link) or from the team
    (an answer, which its author reads by link and receives by e-mail)."""

    page_cache_ignore = True

    finding = models.ForeignKey(
        FieldFinding, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    request = models.ForeignKey(
        ExpertiseRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    from_staff = models.BooleanField(_("de l'équipe"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur (équipe)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(finding__isnull=False) & Q(request__isnull=True))
                | (Q(finding__isnull=True) & Q(request__isnull=False)),
                name="message_on_one_finding_or_request",
            )
        ]

    def __str__(self):
        return self.text[:60]


class Consultation(models.Model):
    """A consultation of the network on the 2016-2017 findings: open between two dates
    (included, Brussels days), one item per essential issue of the booklet, and per objective
    of the 2017-2020 plan if staff choose. Without dates it is not open (a draft)."""

    # Its dates, items and answers change the consultation's page: network/signals.py empties
    # the page cache for them (pagecache's own rules see no page in these rows).
    page_cache_ignore = True

    title = models.CharField(_("titre"), max_length=200)
    opens_on = models.DateField(_("ouverte du"), null=True, blank=True)
    closes_on = models.DateField(_("au (inclus)"), null=True, blank=True)
    include_objectives = models.BooleanField(
        _("inclure les objectifs 2017-2020"),
        default=False,
        help_text=_("En plus des treize enjeux essentiels, un item par objectif du plan."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation sur les constats")
        verbose_name_plural = _("consultations sur les constats")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(opens_on__lte=models.F("closes_on")),
                name="consultation_opens_before_it_closes",
            )
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None):
        """Open today (Brussels' date)?"""
        today = today or timezone.localdate()
        return bool(self.opens_on and self.closes_on and self.opens_on <= today <= self.closes_on)

    def is_closed(self, today=None):
        """Past its last day: its results are public."""
        today = today or timezone.localdate()
        return bool(self.closes_on and self.closes_on < today)


class ItemSource(models.TextChoices):
    KEY_ISSUE = "enjeu", _("enjeu essentiel")
    OBJECTIVE = "objectif", _("objectif 2017-2020")


class ConsultationItem(models.Model):
    """One question of a consultation: an essential issue or an objective, its text kept as it
    was asked."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="items")
    source = models.CharField(_("origine"), max_length=20, choices=ItemSource.choices)
    key_issue = models.ForeignKey(
        "ppli.KeyIssue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objective = models.ForeignKey(
        "ppli.ObjectivePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("numéro"), max_length=20)
    text = models.TextField(_("texte"))
    position = models.PositiveIntegerField(_("ordre"), default=0)

    page_cache_ignore = True

    class Meta:
        verbose_name = _("item de consultation")
        verbose_name_plural = _("items de consultation")
        ordering = ["consultation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "key_issue"], name="one_item_per_key_issue"
            ),
            models.UniqueConstraint(
                fields=["consultation", "objective"], name="one_item_per_objective"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"

    @property
    def label(self):
        """« Enjeu essentiel n° 4 » or « Objectif 18 »: how the booklet names it."""
        if self.source == ItemSource.OBJECTIVE:
            return _("Objectif %(number)s") % {"number": self.number}
        return _("Enjeu essentiel n° %(number)s") % {"number": self.number}


class Verdict(models.TextChoices):
    CURRENT = "actuel", _("Toujours d'actualité")
    NUANCED = "nuancer", _("À nuancer")
    OUTDATED = "depasse", _("Dépassé")


class CommentStatus(models.TextChoices):
    PENDING = "attente", _("à modérer")
    PUBLISHED = "publie", _("publié")
    REJECTED = "refuse", _("non publié")


class ConsultationParticipant(models.Model):
    """An address that answered a consultation: one per consultation and address, the row that
    serialises its confirmations (network/channels.py locks it)."""

    page_cache_ignore = True

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant·e")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "email"], name="one_participant_per_address"
            )
        ]

    def __str__(self):
        return self.email


class ConsultationSubmission(models.Model):
    """One sending of the consultation's form, waiting for its address to be confirmed by the
    e-mailed link (random salt, only the token's digest stored, expiring; core/tokens.py). Once
    confirmed, its answers become the participant's (`ConsultationAnswer`)."""

    page_cache_ignore = True

    participant = models.ForeignKey(
        ConsultationParticipant, on_delete=models.CASCADE, related_name="submissions"
    )
    answers = models.JSONField(_("réponses"), default=list)
    token_salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_expires = models.DateTimeField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("envoi à confirmer")

    def __str__(self):
        return f"{self.participant} ({self.created_at:%Y-%m-%d})"


class ConsultationAnswer(models.Model):
    """A confirmed address's answer on one item: one per address and item (the database
    refuses a second); a later confirmed sending replaces it."""

    page_cache_ignore = True

    participant = models.ForeignKey(
        ConsultationParticipant, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(ConsultationItem, on_delete=models.CASCADE, related_name="answers")
    verdict = models.CharField(_("avis"), max_length=20, choices=Verdict.choices)
    comment = models.TextField(_("commentaire"), max_length=1500, blank=True)
    comment_status = models.CharField(
        _("commentaire"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
    )
    answered_at = models.DateTimeField(_("confirmée le"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse à la consultation")
        verbose_name_plural = _("réponses à la consultation")
        ordering = ["item", "answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "item"], name="one_answer_per_address_and_item"
            )
        ]

    def __str__(self):
        return f"{self.item.number} : {self.get_verdict_display()}"


class FollowUpLink(models.Model):
    """A link e-mailed to an address so that its owner follows what they sent: random salt,
    only the token's digest stored, expiring (core/tokens.py). It shows that address's records
    only."""

    page_cache_ignore = True

    email = models.EmailField(max_length=254)
    token_salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_expires = models.DateTimeField(editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lien de suivi")

    def __str__(self):
        return self.email


@register_setting(icon="mail")
class NetworkSettings(BaseSiteSetting):
    """Who receives the network's sendings (findings, requests)."""

    team_email = models.EmailField(
        _("e-mail de l'équipe"),
        blank=True,
        help_text=_(
            "Reçoit une copie de chaque constat de terrain et de chaque demande d'expertise. "
            "Vide : l'e-mail de coordination du PPLI (Paramètres › PPLI : inscriptions)."
        ),
    )

    panels = [FieldPanel("team_email")]

    class Meta:
        verbose_name = _("PPLI : constats et demandes")
