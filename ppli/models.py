"""PPLI pages: the landing at /ppli/, the plan editions and the working-group index."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from home.models import BasePage


class PPLIIndexPage(BasePage):
    """The PPLI landing: what the plan is, its history and the current edition (PPLI 2.0)."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["ppli.PlanPage", "ppli.WorkingGroupIndexPage", "home.ContentPage"]

    class Meta:
        verbose_name = _("accueil du PPLI")


class PlanPage(BasePage):
    """One edition of the plan (e.g. 2017-2020)."""

    period_start = models.PositiveSmallIntegerField(_("première année"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("dernière année"), null=True, blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Période")),
    ]

    parent_page_types = ["ppli.PPLIIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("plan")

    @property
    def period(self):
        """The period as the booklet writes it, e.g. "2017-2020"."""
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        return ""


class WorkingGroupIndexPage(BasePage):
    """The working groups of the plan, at /ppli/groupes-de-travail/."""

    max_count = 1
    parent_page_types = ["ppli.PPLIIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("index des groupes de travail")
