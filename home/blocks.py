"""StreamField blocks shared by every content page type of the portal."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail_footnotes.blocks import RichTextBlockWithFootnotes

from core.typography import typographie

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; h1 is reserved for the page title."""

    text = blocks.CharBlock(label=_("Texte"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alternative text (built into ImageBlock) and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    text = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Source"), required=False, max_length=250)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation pointing to a page of the site or an external address."""

    title = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)
    link_label = blocks.CharBlock(label=_("Texte du bouton"), max_length=80)

    class Meta:
        icon = "pick"
        label = _("Appel à l'action")
        template = "blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": [_("Choisissez une page du site ou une adresse externe.")]}
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document of the library, with its format and size shown."""

    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Texte du lien"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Lien vers un document")
        template = "blocks/document_link.html"


class AccordionItemBlock(blocks.StructBlock):
    """One foldable question/answer or section."""

    title = blocks.CharBlock(label=_("Titre"), max_length=200)
    body = blocks.RichTextBlock(label=_("Contenu"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Foldable sections, rendered as native details/summary (keyboard-ready, no script)."""

    items = blocks.ListBlock(AccordionItemBlock(), label=_("Sections"))

    class Meta:
        icon = "list-ul"
        label = _("Accordéon")
        template = "blocks/accordion.html"


class EmbedWithTitleBlock(blocks.StructBlock):
    """An embedded video or map; the title names the frame for assistive technologies."""

    embed = EmbedBlock(label=_("Adresse de la vidéo ou du contenu"))
    title = blocks.CharBlock(label=_("Titre du contenu intégré"), max_length=200)

    class Meta:
        icon = "media"
        label = _("Contenu intégré (vidéo…)")
        template = "blocks/embed.html"


class SignatureBlock(blocks.StructBlock):
    """A person who signs a text, with their role and organisation."""

    name = blocks.CharBlock(label=_("Nom"), max_length=150)
    role = blocks.CharBlock(label=_("Fonction"), max_length=150, required=False)
    organisation = blocks.CharBlock(label=_("Organisation"), max_length=150, required=False)


class SignaturesBlock(blocks.StructBlock):
    """The signatories of a text (a preamble, a letter)."""

    signatures = blocks.ListBlock(SignatureBlock(), label=_("Signataires"))

    class Meta:
        icon = "user"
        label = _("Signataires")
        template = "blocks/signatures.html"


class ContactDetailsBlock(blocks.StaticBlock):
    """The centre's address, phone and e-mail, as entered once in the site settings."""

    class Meta:
        icon = "site"
        label = _("Coordonnées du centre")
        admin_text = _(
            "Affiche l'adresse, le téléphone et l'e-mail de Paramètres › Coordonnées, logo et "
            "soutiens."
        )
        template = "blocks/contact_details.html"


class RetentionPeriodsBlock(blocks.StaticBlock):
    """How long the site keeps each kind of personal data, read from the settings that the
    nightly purges apply (the privacy page shows it: the periods cannot drift from the code)."""

    class Meta:
        icon = "time"
        label = _("Durées de conservation des données")
        admin_text = _(
            "Affiche les durées de conservation des données personnelles réglées sur le "
            "serveur (demandes d'inscription, inscriptions à l'agenda, messages, connexions, "
            "recherches)."
        )
        template = "blocks/retention_periods.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["periods"] = retention_periods()
        return context


def retention_periods():
    """(what is kept, for how long) for each kind of personal data, from the settings."""
    return [
        (
            _("Demandes pour rejoindre le réseau du PPLI refusées ou restées sans réponse"),
            months(settings.PPLI_SIGNUP_RETENTION_MONTHS),
        ),
        (
            _(
                "Inscriptions aux événements de l'agenda (nom, coordonnées, besoins, présence) "
                "et leurs rappels, comptés à partir de la date de la session"
            ),
            months(settings.AGENDA_RETENTION_MONTHS),
        ),
        # The network's channels (network/retention.py, manage.py purge_network_data).
        (
            _(
                "Constats de terrain : nom, coordonnées et texte de la personne qui les envoie, "
                "et les messages échangés, comptés à partir de leur clôture ou de leur "
                "publication (seul le résumé écrit par l'équipe reste publié)"
            ),
            months(settings.NETWORK_RETENTION_MONTHS),
        ),
        (
            _(
                "Demandes d'expertise et leurs messages, comptés à partir de leur clôture ou "
                "de leur retrait"
            ),
            months(settings.NETWORK_RETENTION_MONTHS),
        ),
        (
            _(
                "Adresses e-mail des personnes qui ont répondu à une consultation sur les "
                "constats et leurs commentaires non publiés, comptés à partir de la clôture "
                "de la consultation (les réponses restent comptées, sans adresse)"
            ),
            months(settings.NETWORK_CONSULTATION_RETENTION_MONTHS),
        ),
        (
            _("Réponses à une consultation dont l'adresse n'a pas été confirmée"),
            days(settings.NETWORK_CONFIRM_DAYS),
        ),
        (
            _("Liens personnels pour suivre ses envois (« Suivre mes envois »)"),
            days(settings.NETWORK_LINK_DAYS),
        ),
        (_("Messages du formulaire de contact"), days(settings.CONTACT_MESSAGE_RETENTION_DAYS)),
        (
            _(
                "Journal des connexions à l'administration du site, réservée à l'équipe du "
                "centre (identifiant, adresse IP, navigateur), et demandes de nouveau mot de "
                "passe (adresse e-mail)"
            ),
            days(settings.LOGIN_RECORD_RETENTION_DAYS),
        ),
        (
            _("Mots cherchés sans résultat (comptés par jour, sans adresse ni identifiant)"),
            days(settings.SEARCH_LOG_RETENTION_DAYS),
        ),
    ]


def months(count):
    return ngettext("%(count)d mois", "%(count)d mois", count) % {"count": count}


def days(count):
    return ngettext("%(count)d jour", "%(count)d jours", count) % {"count": count}


class BodyStreamBlock(blocks.StreamBlock):
    """The body of every editorial page."""

    heading = HeadingBlock()
    # Footnotes (wagtail-footnotes): the "Fn" button of the editor calls a note of the page's
    # "Notes de bas de page" panel; the notes are listed at the end of the page.
    paragraph = RichTextBlockWithFootnotes(
        label=_("Paragraphe"), features=[*RICH_TEXT_FEATURES, "footnotes"], icon="pilcrow"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    embed = EmbedWithTitleBlock()
    table = TableBlock(
        label=_("Tableau"),
        template="blocks/table.html",
        help_text=_(
            "Pour des données uniquement ; donnez-lui une légende qui dit ce qu'il contient."
        ),
    )
    accordion = AccordionBlock()
    contact_details = ContactDetailsBlock()
    retention_periods = RetentionPeriodsBlock()
    signatures = SignaturesBlock()

    def render_basic(self, value, context=None):
        """The blocks as Wagtail renders them, with French spacing and apostrophes in their
        text (core/typography.py): every page body passes here, whatever its template."""
        return typographie(super().render_basic(value, context=context))
