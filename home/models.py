"""Home page, editorial pages, contact form, team and the site-wide settings."""

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from . import icons, images
from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from .restrictions import PublicPageManager, ViewRestrictionsMixin, pages
from .routing import route_in_one_query

# Every editorial page lists the same tree-section pages as possible children.
SECTION_CHILD_TYPES = [
    "home.ContentPage",
    "home.FormPage",
    "home.TeamPage",
    "resources.ResourceIndexPage",
    "resources.NewsIndexPage",
]

# Other apps (news...) add their sections to the home page through this hook, so this app,
# which they all depend on, never imports them.
HOME_SECTIONS_HOOK = "home_page_sections"


class EditorialMixin(ViewRestrictionsMixin, models.Model):
    """Fields every public page carries: a short introduction and a sharing image."""

    intro = models.TextField(
        _("chapeau"),
        blank=True,
        help_text=_("Une ou deux phrases d'introduction, affichées sous le titre."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de partage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Image montrée lorsque la page est partagée sur les réseaux sociaux."),
    )

    # `.public()` reads the view restrictions once per request (restrictions.py).
    objects = PublicPageManager()

    editorial_search_fields = [index.SearchField("intro")]
    editorial_promote_panels = [FieldPanel("social_image")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A page type may describe itself from what it shows (thematics); the editors'
        # "search description" and the introduction come first (base.html).
        context.setdefault("meta_description", "")
        return context


class BasePage(EditorialMixin, Page):
    """An editorial page with a body; its live sub-pages are offered to the template."""

    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + EditorialMixin.editorial_promote_panels
    search_fields = (
        Page.search_fields
        + EditorialMixin.editorial_search_fields
        + [
            index.SearchField("body"),
        ]
    )

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: costs a query only on templates that list sub-pages.
        context["child_pages"] = pages().child_of(self).live().public()
        if self.pk and any(block.block_type == "paragraph" for block in self.body):
            # Each paragraph looks up the page's footnotes (wagtail-footnotes): read them once.
            prefetch_related_objects([self], "footnotes")
        return context


class HomePage(BasePage):
    """The site's home page: who the centre is, entry points by need, thematics, latest news."""

    highlighted_section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("rubrique mise en avant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ses sous-pages sont présentées sur la page d'accueil (ex. : Thématiques)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro", help_text=_("Qui est le centre, en une phrase.")),
        InlinePanel(
            "entry_points",
            label=_("Portes d'entrée"),
            heading=_("Portes d'entrée (3 ou 4)"),
            help_text=_("Les besoins des visiteurs, chacun vers la page qui y répond."),
            min_num=0,
            max_num=4,
        ),
        FieldPanel("highlighted_section"),
        FieldPanel("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "thematiques.ThematicIndexPage",
        "ppli.PPLIIndexPage",
        "glossary.GlossaryPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        """Find the page of a URL in two queries (see routing.py); the home page itself as usual."""
        if not path_components:
            return super().route(request, path_components)
        return route_in_one_query(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        section = self.highlighted_section
        context["highlighted_pages"] = (
            pages().child_of(section).live().public().in_menu().specific().defer_streamfields()
            if section
            else Page.objects.none()
        )
        # Only the entry points whose page a visitor can open.
        context["entry_points"] = self.entry_points.filter(
            page__in=pages().live().public()
        ).select_related("page")
        context["sections"] = [hook(self) for hook in hooks.get_hooks(HOME_SECTIONS_HOOK)]
        return context


class HomeEntryPoint(Orderable):
    """A door into the site by need ("Je viens d'arriver"…), chosen by editors."""

    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="entry_points")
    title = models.CharField(
        _("titre"),
        max_length=80,
        help_text=_("Le besoin, dit par le visiteur : « Je viens d'arriver »…"),
    )
    text = models.CharField(
        _("texte"), max_length=160, blank=True, help_text=_("Une phrase : ce qu'il trouvera.")
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Une page publiée ; la porte disparaît tant que la page n'est pas en ligne."),
    )
    icon = models.CharField(_("icône"), max_length=40, choices=icons.CHOICES, default="info")

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("page"), FieldPanel("icon")]

    class Meta(Orderable.Meta):
        verbose_name = _("porte d'entrée")
        verbose_name_plural = _("portes d'entrée")


class ContentPage(BasePage):
    """A generic editorial page; when it has sub-pages it also serves as their section index."""

    content_panels = BasePage.content_panels + [
        InlinePanel(
            "footnotes",
            label=_("Note"),
            heading=_("Notes de bas de page"),
            help_text=_(
                "Appelez une note dans un paragraphe avec le bouton « Fn » de l'éditeur ; "
                "les notes sont numérotées et listées en fin de page."
            ),
        ),
    ]

    parent_page_types = [
        "home.HomePage",
        "home.ContentPage",
        "ppli.PPLIIndexPage",
        "ppli.PlanPage",
    ]
    subpage_types = SECTION_CHILD_TYPES

    class Meta:
        verbose_name = _("page de contenu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not (self.search_description or self.intro):
            # A section page without text of its own is described by what it lists (its
            # sub-pages are read once: the template lists the same queryset).
            titles = [child.title for child in context["child_pages"]]
            if titles:
                context["meta_description"] = f"{self.title} : {', '.join(titles)}."
        return context


class FormField(AbstractFormField):
    """One field of a contact form, defined by editors."""

    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(EditorialMixin, AbstractEmailForm):
    """A contact form: submissions are stored in the admin and e-mailed to staff."""

    body = RichTextField(_("texte d'introduction"), blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(
        _("message de remerciement"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("form_fields", label=_("Champs du formulaire")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Envoi par e-mail"),
        ),
    ]
    promote_panels = Page.promote_panels + EditorialMixin.editorial_promote_panels
    search_fields = Page.search_fields + EditorialMixin.editorial_search_fields

    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("formulaire de contact")


class Person(models.Model):
    """A member of the centre's team, shown on the team page."""

    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]

    class Meta:
        verbose_name = _("membre de l'équipe")
        verbose_name_plural = _("membres de l'équipe")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TeamMember(Orderable):
    """A person's place on a team page."""

    page = ParentalKey("TeamPage", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_("personne"), on_delete=models.CASCADE)

    panels = [FieldPanel("person")]


class TeamPage(BasePage):
    """The team: people with their role, photo and contact details."""

    content_panels = BasePage.content_panels + [
        InlinePanel("members", label=_("Membres de l'équipe")),
    ]

    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page équipe")

    def get_members(self):
        """Members with person and photo renditions loaded up front (constant query count)."""
        return self.members.select_related("person__photo").prefetch_related(
            Prefetch(
                "person__photo__renditions",
                queryset=get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec__in=images.renditions(images.PORTRAIT)),
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["team_members"] = self.get_members()
        return context


@register_setting(icon="site")
class ContactSettings(ClusterableModel, BaseSiteSetting):
    """The centre's contact block and supporters, shown in the footer of every page."""

    organisation_name = models.CharField(
        _("nom de l'organisation"),
        max_length=200,
        default="Centre d'action interculturelle de la province de Namur",
    )
    street_address = models.CharField(_("rue et numéro"), max_length=200, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("localité"), max_length=100, blank=True)
    country = models.CharField(_("pays"), max_length=100, blank=True, default="Belgique")
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Affiché en haut de chaque page (format large, fond transparent de préférence). "
            "Sans logo, le nom du centre est écrit en toutes lettres."
        ),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("country"),
            ],
            heading=_("Adresse"),
        ),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        InlinePanel("supporters", label=_("Avec le soutien de")),
    ]

    class Meta:
        verbose_name = _("coordonnées, logo et soutiens")

    @property
    def phone_uri(self):
        """The phone number as a tel: URI; the trunk "(0)" is dropped from international form."""
        digits = "".join(ch for ch in self.phone.replace("(0)", "") if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""


class Supporter(Orderable):
    """A funder or partner shown under "Avec le soutien de" in the footer."""

    settings = ParentalKey(ContactSettings, on_delete=models.CASCADE, related_name="supporters")
    name = models.CharField(_("nom"), max_length=200)
    url = models.URLField(_("site web"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("logo")]

    def __str__(self):
        return self.name


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The main menu and the footer's links, chosen by editors among the site's pages."""

    panels = [
        InlinePanel(
            "menu_items",
            label=_("Entrée du menu"),
            heading=_("Menu principal"),
            help_text=_(
                "Dans l'ordre d'affichage. Une page non publiée n'apparaît pas. Gardez des "
                "libellés courts : le menu tient sur une ligne sur un écran d'ordinateur."
            ),
        ),
        InlinePanel("footer_links", label=_("Lien"), heading=_("Liens utiles (pied de page)")),
    ]

    class Meta:
        verbose_name = _("menu et pied de page")


class NavigationLink(Orderable):
    """A page named in a menu, under its own label or its title."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(
        _("libellé"),
        max_length=80,
        blank=True,
        help_text=_("Laissez vide pour reprendre le titre de la page."),
    )

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def text(self):
        return self.label or self.page.title


class MenuItem(NavigationLink):
    """A top-level entry of the main menu; its sub-menu lists the page's own menu pages."""

    settings = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="menu_items")
    show_children = models.BooleanField(
        _("sous-menu"),
        default=True,
        help_text=_(
            "Liste les sous-pages publiées de la page qui ont « Afficher dans les menus » coché."
        ),
    )

    panels = [FieldPanel("page"), FieldPanel("label"), FieldPanel("show_children")]

    class Meta(NavigationLink.Meta):
        verbose_name = _("entrée du menu")
        verbose_name_plural = _("entrées du menu")


class FooterLink(NavigationLink):
    """A page linked under "Liens utiles" in the footer."""

    settings = ParentalKey(
        NavigationSettings, on_delete=models.CASCADE, related_name="footer_links"
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(NavigationLink.Meta):
        verbose_name = _("lien du pied de page")
        verbose_name_plural = _("liens du pied de page")
