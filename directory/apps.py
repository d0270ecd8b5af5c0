from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The directory of services (bureaux d'accueil, FLE courses, CPAS…) and its map."""

    name = "directory"
    verbose_name = "Répertoire des services"
