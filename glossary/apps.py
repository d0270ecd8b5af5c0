from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    """The acronyms used on the site, their expansions from the sources, and /glossaire/."""

    name = "glossary"
    verbose_name = "Glossaire"
