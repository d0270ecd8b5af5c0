from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Home page, generic content pages, contact form, team and site settings."""

    name = "home"
    verbose_name = "Accueil et pages générales"
