from django.apps import AppConfig


class ThematiquesConfig(AppConfig):
    """The 15 thematics that the rest of the site is tagged with."""

    name = "thematiques"
    verbose_name = "Thématiques"

    def ready(self):
        """Keep the thematic pages' search index in step with what they list."""
        from . import signals

        signals.connect()
