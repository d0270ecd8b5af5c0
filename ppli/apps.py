from django.apps import AppConfig


class PpliConfig(AppConfig):
    """The Plan provincial et local d'intégration: landing, plans, working groups."""

    name = "ppli"
    verbose_name = "PPLI"

    def ready(self):
        from . import signals  # noqa: F401
