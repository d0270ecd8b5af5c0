from django.apps import AppConfig


class TaxonomiesConfig(AppConfig):
    """Classifications several apps share: the audiences of the plan's actions and of the
    library's resources."""

    name = "taxonomies"
    verbose_name = "Classements partagés"
