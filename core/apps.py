from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app may use (filter forms, pagination, visitors' text); no models."""

    name = "core"
    verbose_name = "Outils communs"
