"""StreamField blocks of the PPLI landing: the editions of the plan, as a timeline."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class EditionBlock(blocks.StructBlock):
    """One edition of the plan (PLI, PPLI 2017-2020, PPLI 2.0): the timeline "Éditions du
    plan" on the PPLI landing and on each plan page lists them in the editors' order."""

    name = blocks.CharBlock(
        label=_("Nom"), max_length=80, help_text=_("Ex. « PPLI 2.0 », « PPLI 2017-2020 ».")
    )
    period = blocks.CharBlock(
        label=_("Période"),
        max_length=40,
        required=False,
        help_text=_("Ex. « 2008-2016 ». Laissez vide si les sources ne la donnent pas."),
    )
    summary = blocks.CharBlock(
        label=_("En bref"),
        max_length=250,
        required=False,
        help_text=_("Une phrase tirée des textes du centre, ex. « première mouture »."),
    )
    current = blocks.BooleanBlock(
        label=_("Édition en cours"),
        required=False,
        help_text=_("Cochez pour le plan actuellement en vigueur (une seule édition)."),
    )
    page = blocks.PageChooserBlock(
        label=_("Page de l'édition"),
        required=False,
        help_text=_("La page qui présente cette édition."),
    )
    anchor = blocks.CharBlock(
        label=_("Ancre"),
        max_length=60,
        required=False,
        help_text=_(
            "Facultatif : une section de cette page, ex. « plan-en-cours » pour le PPLI 2.0 "
            "présenté sur l'accueil du PPLI."
        ),
    )

    class Meta:
        icon = "date"
        label = _("Édition du plan")


class EditionsBlock(blocks.StreamBlock):
    """The editions of the plan, oldest first."""

    edition = EditionBlock()
