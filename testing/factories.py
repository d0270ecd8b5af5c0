"""factory_boy factories for pages and snippets; pages need a `parent` argument."""

import datetime

import factory
from django.utils.text import slugify

from agenda.models import EventKind, EventPage, EventSession
from directory.models import DirectoryEntryPage, DirectoryPage, Language, ServiceKind
from home.models import ContentPage, Person, TeamMember
from ppli.models import ActionPage, ObjectivePage
from resources.models import NewsPage, ResourcePage
from thematiques.models import ThematicPage


class PageFactory(factory.django.DjangoModelFactory):
    """Creates a live page under `parent` in the tree."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page de test {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    show_in_menus = True

    @classmethod
    def _create(cls, model_class, parent, **kwargs):
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        return page


class ContentPageFactory(PageFactory):
    class Meta:
        model = ContentPage

    intro = "Une page créée pour les tests."
    search_description = factory.LazyAttribute(lambda page: page.intro)


class ThematicPageFactory(PageFactory):
    class Meta:
        model = ThematicPage

    title = factory.Sequence(lambda n: f"Thématique de test {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Personne {n}")
    role = "Chargé·e de projet"
    email = factory.Sequence(lambda n: f"personne{n}@example.org")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    person = factory.SubFactory(PersonFactory)


class ObjectivePageFactory(PageFactory):
    class Meta:
        model = ObjectivePage

    number = factory.Sequence(lambda n: 1000 + n)
    text = factory.Sequence(lambda n: f"Objectif de test {n}.")
    slug = factory.LazyAttribute(lambda page: f"objectif-{page.number}")
    title = factory.LazyAttribute(lambda page: f"Objectif {page.number}")
    show_in_menus = False


class ActionPageFactory(PageFactory):
    class Meta:
        model = ActionPage

    number = factory.Sequence(lambda n: f"{1000 + n}.1")
    text = factory.Sequence(lambda n: f"Action de test {n}.")
    slug = factory.LazyAttribute(lambda page: "action-" + page.number.replace(".", "-"))
    title = factory.LazyAttribute(lambda page: f"Action {page.number}")
    show_in_menus = False
    progress = 50


class ResourcePageFactory(PageFactory):
    class Meta:
        model = ResourcePage

    title = factory.Sequence(lambda n: f"Ressource de test {n}")
    kind = "fiche"
    summary = factory.Sequence(lambda n: f"Résumé de la ressource {n}.")
    date = datetime.date(2020, 5, 1)
    show_in_menus = False


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Actualité de test {n}")
    intro = factory.Sequence(lambda n: f"Résumé de l'actualité {n}.")
    date = datetime.date(2024, 3, 1)
    show_in_menus = False


class ServiceKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceKind
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Type de service {n}")


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Langue {n}")


class DirectoryPageFactory(PageFactory):
    class Meta:
        model = DirectoryPage

    title = "Répertoires et cartographies"


class DirectoryEntryPageFactory(PageFactory):
    """A published directory entry; pass `parent` (a DirectoryPage) and optionally `kind`."""

    class Meta:
        model = DirectoryEntryPage

    title = factory.Sequence(lambda n: f"Service de test {n}")
    kind = factory.SubFactory(ServiceKindFactory)
    description = factory.Sequence(lambda n: f"Ce que propose le service {n}.")
    street = "rue de Fer 1"
    postcode = "5000"
    commune = "Namur"
    show_in_menus = False


class EventPageFactory(PageFactory):
    """A published event; pass `parent` (the AgendaPage) and its `sessions`, a list of dicts
    of EventSession fields ({"date": …, "start_time": …, "capacity": …})."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Événement de test {n}")
    kind = EventKind.TRAINING
    intro = factory.Sequence(lambda n: f"Ce que propose l'événement {n}.")
    show_in_menus = False

    @classmethod
    def _create(cls, model_class, parent, sessions=(), **kwargs):
        page = super()._create(model_class, parent, **kwargs)
        for order, fields in enumerate(sessions):
            EventSession.objects.create(event=page, sort_order=order, **fields)
        return page
