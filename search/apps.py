from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search: French full text, filters, editor's picks, autocomplete."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Recherche"

    def ready(self):
        # Imported here: signal handlers need the models loaded.
        from . import signals

        signals.connect()
