from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """The resource library, its documents and the sector news."""

    name = "resources"
    verbose_name = "Ressources"

    def ready(self):
        from . import signals  # noqa: F401
