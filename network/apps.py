from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """PPLI 2.0 in action: the network's channels (field findings, the consultation on the
    2016-2017 findings, expertise requests) and their follow-up by link."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "network"
    verbose_name = "Réseau du PPLI : constats, consultation, expertise"

    def ready(self):
        from . import signals  # noqa: F401
