"""Home page, editorial pages, contact form, team and the site-wide settings."""

import re
from functools import partial

from django.core.exceptions import SuspiciousOperation
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.blocks.base import BlockWidget
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, get_page_models
from wagtail.search import index
from wagtail_footnotes.widgets import ReadonlyUUIDInput

from core.permissions import EditorialPagePermissionTester

from . import contact, icons, images
from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock

# Every editorial page lists the same tree-section pages as possible children.
SECTION_CHILD_TYPES = [
    "home.ContentPage",
    "home.FormPage",
    "home.TeamPage",
    "resources.ResourceIndexPage",
    "resources.NewsIndexPage",
    "directory.DirectoryPage",
    "directory.ServiceListPage",
]

# Other apps (news...) add their sections to the home page through this hook, so this app,
# which they all depend on, never imports them.
HOME_SECTIONS_HOOK = "home_page_sections"
# Sections other apps add to a page of another app (the agenda's events on a concertation
# space, on the « Formations » page…): each hook takes (page, request) and gives a section
# (`template` and what it shows) or None. The pages' templates that show them loop over
# `page_sections`.
PAGE_SECTIONS_HOOK = "page_sections"

# A stored contact message is e-mailed through this hook (home/wagtail_hooks.py puts it in the
# task queue), called with the submission once it is committed: models import no task or e-mail
# module (pyproject.toml, import contracts).
CONTACT_MESSAGE_STORED_HOOK = "contact_message_stored"


def title_slug(title):
    """The page address made from `title`: ASCII, with apostrophes as word breaks."""
    return slugify(re.sub(r"['’]", " ", title))


class EditorialMixin(models.Model):
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

    editorial_search_fields = [index.SearchField("intro")]
    editorial_promote_panels = [FieldPanel("social_image")]
    # Who may delete or copy the page (core/permissions.py): Wagtail's rules, deleting reserved
    # to those who may publish it.
    permission_tester_class = EditorialPagePermissionTester

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        # Wagtail's documented way for a page model to choose its permission tester.
        return self.permission_tester_class(user, self)

    def full_clean(self, *args, **kwargs):
        # Plain ASCII addresses site-wide (WAGTAIL_ALLOW_UNICODE_SLUGS = False makes the editor
        # propose them): a slug typed or imported with accents, "séances-d-été", is stored as
        # "seances-d-ete" rather than percent-encoded in every link.
        if self.slug and not self.slug.isascii():
            self.slug = slugify(self.slug)
        # A new page whose address the editor left as the form made it from the title: the
        # words an apostrophe joins stay apart ("seances-d-information", not "dinformation").
        if self.pk is None and self.slug and self.slug == slugify(self.title):
            self.slug = title_slug(self.title)
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A page type may describe itself from what it shows (thematics); the editors'
        # "search description" and the introduction come first (base.html).
        context.setdefault("meta_description", "")
        return context


class EditorialPageForm(WagtailAdminPageForm):
    """The editor of every page of the site: Wagtail's own page fields explained in plain French.

    Wagtail gives the scheduling dates no help at all, and its French for the others speaks of
    "URL", "entête cliquable" and "menus générés automatiquement". A page type's panel may
    still say more (``FieldPanel(..., help_text=...)`` wins over the field's help text), and a
    subclass may override one after ``super().__init__()`` (NumberedPageForm: title, slug).
    """

    PAGE_FIELD_HELP = {
        "title": _(
            "Le titre de la page, affiché en haut de celle-ci et dans les menus, listes et "
            "résultats de recherche."
        ),
        "slug": _(
            "Fin de l'adresse web de la page (ex. « logement » dans /thematiques/logement/) : "
            "minuscules et tirets, sans accents."
        ),
        "seo_title": _(
            "Titre pour Google et l'onglet du navigateur, à remplir seulement si le titre de la "
            "page ne convient pas."
        ),
        "search_description": _(
            "Une ou deux phrases affichées sous le lien dans Google et les partages ; laissez "
            "vide pour reprendre le chapeau."
        ),
        "show_in_menus": _(
            "Cochez pour lister la page dans le sous-menu de sa rubrique et, si sa rubrique "
            "est mise en avant, sur l'accueil."
        ),
        # publish_scheduled runs every five minutes in production (docs/production.md).
        "go_live_at": _(
            "Pour une mise en ligne différée : la page publiée paraît à cette date et heure, à "
            "quelques minutes près. Laissez vide pour publier tout de suite."
        ),
        "expire_at": _(
            "La page quitte le site à cette date et heure, à quelques minutes près ; laissez "
            "vide pour la garder en ligne."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in self.PAGE_FIELD_HELP.items():
            # A page type may leave a field out of its panels (no "show_in_menus"...).
            if name in self.fields:
                self.fields[name].help_text = help_text
        if self.is_bound:
            self.refuse_truncated_streams()

    def refuse_truncated_streams(self):
        """A 400 for a post that lacks a StreamField's block count.

        The admin's editor always sends "<field>-count"; a post without it (a truncated or
        forged request) would make Wagtail's StreamField widget fail with a KeyError, a 500.
        Django answers SuspiciousOperation with a 400 and nothing is saved.
        """
        for name, field in self.fields.items():
            if isinstance(field.widget, BlockWidget) and (
                f"{self.add_prefix(name)}-count" not in self.data
            ):
                raise SuspiciousOperation(f"Formulaire incomplet : « {name}-count » manquant.")


def tel_uri(phone):
    """A phone number as a tel: URI ("" without digits); the trunk "(0)" of an international
    form ("+32 (0)81 73 71 76") is dropped."""
    digits = "".join(ch for ch in phone.replace("(0)", "") if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""


def published(relation):
    """The live public pages of a many-to-many relation to pages.

    By primary key: in a preview the relation holds form data, which has no live() method. The
    relation's model gives the query, so the related apps' modules are never imported.
    """
    pages = relation.model.objects.live().public()
    return pages.filter(pk__in=relation.values_list("id", flat=True))


class HiddenWhileEmpty:
    """A page that lists other content (news, thematics…): while it has nothing public to
    show, it is left out of the menus, the footer, the home page's entry points and sections,
    and the lists of sub-pages (`shown_pages`); it comes back by itself once it has content.

    Each model says which of its pages are empty with `empty_pages()`, a queryset that
    `shown_pages` uses as a subquery: a list stays one SQL query however many pages it holds.
    Publishing the content invalidates the page cache and the cached menu (pagecache), so
    nothing else has to be told.
    """

    @classmethod
    def empty_pages(cls):
        """The pages of this model with nothing to show a visitor (a queryset)."""
        raise NotImplementedError

    def has_public_content(self):
        """Whether this page has something to show (one query)."""
        return not type(self).empty_pages().filter(pk=self.pk).exists()


def hidden_while_empty_models():
    """The page models that define which of their pages are empty."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, HiddenWhileEmpty) and "empty_pages" in vars(model)
    ]


def shown_pages(pages):
    """`pages` (a page queryset) without the pages that have nothing to show yet; still one
    query (the empty pages are subqueries)."""
    for model in hidden_while_empty_models():
        pages = pages.exclude(pk__in=model.empty_pages().values("pk"))
    return pages


def without_live_children(model, child_model):
    """The pages of `model` that have no live child of `child_model`."""
    children = child_model.objects.live().filter(
        path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
    )
    return model.objects.filter(~Exists(children))


class BasePage(EditorialMixin, Page):
    """An editorial page with a body; its live sub-pages are offered to the template."""

    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("contenu"),
        help_text=_(
            "Le contenu de la page, bloc par bloc (paragraphe, titre, image, document…) : "
            "ajoutez un bloc avec le bouton « + »."
        ),
    )

    base_form_class = EditorialPageForm

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
        context["child_pages"] = shown_pages(Page.objects.child_of(self).live().public())
        context["page_sections"] = page_sections(self, request)
        if self.pk and any(block.block_type == "paragraph" for block in self.body):
            # Each paragraph looks up the page's footnotes (wagtail-footnotes): read them once.
            prefetch_related_objects([self], "footnotes")
        return context


def page_sections(page, request):
    """The sections other apps add to `page` (PAGE_SECTIONS_HOOK); none for a preview's
    unsaved page."""
    if page.pk is None:
        return []
    sections = (hook(page, request) for hook in hooks.get_hooks(PAGE_SECTIONS_HOOK))
    return [section for section in sections if section]


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

    content_panels = [
        # The home page's big title is the organisation's name (ContactSettings), not this.
        TitleFieldPanel(
            "title",
            help_text=_(
                "Nom de l'onglet du navigateur et des résultats de recherche ; le grand titre "
                "de l'accueil est le nom de l'organisation (Paramètres)."
            ),
        ),
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
        "agenda.AgendaPage",
        "glossary.GlossaryPage",
    ]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        section = self.highlighted_section
        # One `.public()` for both lists: Wagtail reads the view restrictions at each call.
        public = shown_pages(Page.objects.live().public())
        context["highlighted_pages"] = (
            public.child_of(section).in_menu().specific().defer_streamfields()
            if section
            else Page.objects.none()
        )
        # Only the entry points whose page a visitor can open.
        context["entry_points"] = self.entry_points.filter(page__in=public).select_related("page")
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
    icon = models.CharField(
        _("icône"),
        max_length=40,
        choices=icons.CHOICES,
        default="info",
        help_text=_("Pictogramme affiché sur la carte de cette porte d'entrée."),
    )

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("page"), FieldPanel("icon")]

    class Meta(Orderable.Meta):
        verbose_name = _("porte d'entrée")
        verbose_name_plural = _("portes d'entrée")


class ContentPage(BasePage):
    """A generic editorial page; when it has sub-pages it also serves as their section index."""

    content_panels = BasePage.content_panels + [
        InlinePanel(
            "footnotes",
            # wagtail-footnotes' own panels, the text explained (its model gives it no help).
            panels=[
                FieldPanel(
                    "text",
                    help_text=_(
                        "Le texte de la note, listé sous « Notes » en fin de page avec son numéro."
                    ),
                ),
                FieldPanel("uuid", widget=ReadonlyUUIDInput),
            ],
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

    # Wagtail's panels (same fields, classes and required_on_save for its form builder's
    # script), each with a help text: Wagtail gives three of them none, and its French for the
    # others says "label" and "Comma or new line separated".
    panels = [
        FieldPanel("label", help_text=_("La question posée au visiteur, ex. « Votre e-mail ».")),
        FieldPanel(
            "help_text",
            help_text=_("Précision facultative affichée sous la question (format attendu…)."),
        ),
        FieldPanel(
            "required",
            help_text=_(
                "Décochez si la réponse est facultative : le champ est alors marqué "
                "« (facultatif) »."
            ),
        ),
        FieldPanel(
            "field_type",
            classname="formbuilder-type",
            required_on_save=True,
            help_text=_(
                "Le genre de réponse : texte d'une ligne, texte long, e-mail, date, liste de choix…"
            ),
        ),
        FieldPanel(
            "choices",
            classname="formbuilder-choices",
            help_text=_("Pour les cases, boutons radio et menus : un choix par ligne."),
        ),
        FieldPanel(
            "default_value",
            classname="formbuilder-default",
            help_text=_("Réponse déjà remplie à l'ouverture du formulaire ; souvent laissée vide."),
        ),
    ]


class FormPageForm(EditorialPageForm, WagtailAdminFormPageForm):
    """A contact form's editor: Wagtail's check of the form's fields (WagtailAdminFormPageForm,
    which a FormPage would otherwise get), and the page fields' help of every other page."""


class FormPage(EditorialMixin, AbstractEmailForm):
    """A contact form: submissions are stored in the admin and e-mailed to staff."""

    body = RichTextField(
        _("texte d'introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Texte affiché au-dessus du formulaire, sous le chapeau."),
    )
    thank_you_text = RichTextField(
        _("message de remerciement"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Message montré après l'envoi ; laissé vide : « Merci, votre message a bien été "
            "envoyé. »"
        ),
    )

    base_form_class = FormPageForm

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("form_fields", label=_("Champs du formulaire")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                # Fields of Wagtail's AbstractEmailForm: their help is given here.
                FieldRowPanel(
                    [
                        FieldPanel(
                            "from_address",
                            help_text=_(
                                "Expéditeur des e-mails ; laissez vide pour l'adresse d'envoi "
                                "du site."
                            ),
                        ),
                        FieldPanel(
                            "to_address",
                            help_text=_(
                                "Adresses qui reçoivent chaque message, séparées par une "
                                "virgule ; les messages restent aussi dans l'administration."
                            ),
                        ),
                    ]
                ),
                FieldPanel(
                    "subject",
                    help_text=_("Objet des e-mails reçus, pour les reconnaître à l'arrivée."),
                ),
            ],
            heading=_("Envoi par e-mail"),
        ),
    ]
    promote_panels = Page.promote_panels + EditorialMixin.editorial_promote_panels
    search_fields = Page.search_fields + EditorialMixin.editorial_search_fields

    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    # A limit on the length of every answer, and the robots' trap (home/contact.py).
    form_builder = contact.ContactFormBuilder

    class Meta:
        verbose_name = _("formulaire de contact")

    def serve(self, request, *args, **kwargs):
        """Wagtail's form view, through the one guarded form (core/guarded_form.py).

        Over the limit of messages per address, the form comes back with what was typed, a
        notice and a 429 status with Retry-After. A robot caught by the trap is thanked as a
        person would be, and nothing is stored or sent. Only stored messages and caught robots
        count toward the limit: a form sent back for a typing mistake never does.
        """
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        return contact.CONTACT_GUARD.receive(
            request,
            partial(self.get_form, page=self, user=request.user),
            render=partial(self.render_form, request),
            accept=lambda form: self.render_landing_page(
                request, self.process_form_submission(form), *args, **kwargs
            ),
            robot=lambda: self.render_landing_page(request, None, *args, **kwargs),
            limit_notice=lambda minutes: contact.limit_notice(
                minutes, ContactSettings.for_request(request).email
            ),
        )

    def render_form(self, request, form, notice=None, status=200):
        """The form page with `form` (its errors, or what was typed) and an optional notice."""
        context = self.get_context(request)
        context["form"] = form
        context["form_notice"] = notice
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        """Store the message; its e-mail leaves from the task queue once the row is committed.

        Wagtail's version sends the e-mail during the request: with the mail server down, the
        visitor got an error page for a message already stored, and sent it again. The task
        (home/tasks.py) tries again while the server cannot be reached.
        """
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        if self.to_address:
            # robust: a queue that fails is logged; the visitor, whose message is stored, is
            # still thanked rather than shown an error that would make them send it again.
            transaction.on_commit(lambda: self.message_stored(submission), robust=True)
        return submission

    def message_stored(self, submission):
        """Hand a committed message to the CONTACT_MESSAGE_STORED_HOOK functions (its e-mail)."""
        for hook in hooks.get_hooks(CONTACT_MESSAGE_STORED_HOOK):
            hook(submission)

    def get_submissions_list_view_class(self):
        """The list of messages with exports in French and in Brussels time."""
        # Imported here, as Wagtail does: its admin views need the models loaded.
        from .form_views import ContactSubmissionsListView

        return ContactSubmissionsListView


class Person(models.Model):
    """A member of the centre's team, shown on the team page."""

    name = models.CharField(
        _("nom"), max_length=150, help_text=_("Prénom et nom, affichés sur la page équipe.")
    )
    role = models.CharField(
        _("fonction"),
        max_length=200,
        blank=True,
        help_text=_("Sa fonction au centre, affichée sous son nom."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultative ; recadrée en carré sur la page équipe."),
    )
    email = models.EmailField(
        _("adresse e-mail"),
        blank=True,
        help_text=_("Facultative ; affichée sous son nom sur la page équipe."),
    )
    phone = models.CharField(
        _("téléphone"),
        max_length=40,
        blank=True,
        help_text=_("Facultatif ; affiché sur la page équipe tel que vous l'écrivez."),
    )

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
    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        help_text=_(
            "Ses nom, fonction, photo et coordonnées se modifient dans Fragments › Équipe."
        ),
    )

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
        help_text=_(
            "Grand titre de l'accueil, en tête du pied de page et texte du logo pour les "
            "lecteurs d'écran."
        ),
    )
    street_address = models.CharField(
        _("rue et numéro"),
        max_length=200,
        blank=True,
        help_text=_("Affichés dans le pied de page et le bloc « Coordonnées du centre »."),
    )
    postal_code = models.CharField(
        _("code postal"),
        max_length=10,
        blank=True,
        help_text=_("Affiché avant la localité, dans le pied de page."),
    )
    city = models.CharField(
        _("localité"),
        max_length=100,
        blank=True,
        help_text=_("Affichée après le code postal, dans le pied de page."),
    )
    country = models.CharField(
        _("pays"),
        max_length=100,
        blank=True,
        default="Belgique",
        help_text=_("Affiché après la localité dans le pied de page ; vide, il n'est pas écrit."),
    )
    phone = models.CharField(
        _("téléphone"),
        max_length=40,
        blank=True,
        help_text=_(
            "Tel qu'il doit se lire ; sur un téléphone, un clic sur le numéro lance l'appel."
        ),
    )
    email = models.EmailField(
        _("adresse e-mail"),
        blank=True,
        help_text=_(
            "Adresse de contact du centre, affichée dans le pied de page et le bloc "
            "« Coordonnées du centre »."
        ),
    )
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
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Le formulaire proposé aux visiteurs pour écrire au centre, par exemple depuis la "
            "page « Page introuvable » pour signaler un lien cassé."
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
        FieldPanel("contact_page"),
        InlinePanel("supporters", label=_("Avec le soutien de")),
    ]

    class Meta:
        verbose_name = _("coordonnées, logo et soutiens")

    @property
    def phone_uri(self):
        """The phone number as a tel: URI."""
        return tel_uri(self.phone)


class Supporter(Orderable):
    """A funder or partner shown under "Avec le soutien de" in the footer."""

    settings = ParentalKey(ContactSettings, on_delete=models.CASCADE, related_name="supporters")
    name = models.CharField(
        _("nom"),
        max_length=200,
        help_text=_("Écrit s'il n'y a pas de logo, sinon lu par les lecteurs d'écran."),
    )
    url = models.URLField(
        _("site web"),
        blank=True,
        help_text=_("Facultatif ; ouvert d'un clic sur le logo ou le nom."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Affiché sous « Avec le soutien de », dans le pied de page."),
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
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "La page où mène le lien ; tant qu'elle n'est pas publiée, le lien n'apparaît pas."
        ),
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


class ContactEmailSent(models.Model):
    """The mark that a contact message was e-mailed to its form's recipients: a task run again
    after its worker died (manage.py requeue_stale_tasks) sends no second copy."""

    submission = models.OneToOneField(
        "wagtailforms.FormSubmission", on_delete=models.CASCADE, related_name="email_sent"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    # Bookkeeping no visitor sees: saving one leaves the page cache alone (pagecache/).
    page_cache_ignore = True

    class Meta:
        verbose_name = _("envoi d'un message de contact")
        verbose_name_plural = _("envois des messages de contact")
