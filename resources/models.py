"""Resource library and sector news indexes."""

from django.utils.translation import gettext_lazy as _

from home.models import BasePage


class ResourceIndexPage(BasePage):
    """The library of tools and publications, at /ressources/outils-et-publications/."""

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bibliothèque de ressources")


class NewsIndexPage(BasePage):
    """The sector news, at /ressources/actus-du-secteur/."""

    max_count = 1
    parent_page_types = ["home.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualités du secteur")
