from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """The resource library and the sector news."""

    name = "resources"
    verbose_name = "Ressources"
