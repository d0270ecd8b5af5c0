"""Create a first administrator account when the site has none, and say how to log in."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Create the "admin" superuser with a random password if no superuser exists."""

    help = "Crée un compte administrateur s'il n'en existe aucun et affiche comment se connecter."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@example.org")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "Un compte administrateur existe déjà. Mot de passe oublié : "
                "python manage.py changepassword <identifiant>"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "Compte administrateur créé. Connectez-vous sur "
                f"{settings.WAGTAILADMIN_BASE_URL}/admin/ avec\n"
                f"  identifiant : {username}\n  mot de passe : {password}\n"
                "Notez ce mot de passe : il n'est affiché qu'une fois."
            )
        )
