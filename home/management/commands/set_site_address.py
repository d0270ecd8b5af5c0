"""Give the default Wagtail Site the address the site is served at (canonical URLs, og:url)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    """Set the default Site's hostname and port from an address (WAGTAILADMIN_BASE_URL).

    Wagtail builds every absolute page URL (canonical link, og:url, sitemap, feeds) from the
    Site's hostname and port; its migration creates the site as localhost:80, which is not
    where `scripts/serve` (127.0.0.1:8000) or a production server answers.
    """

    help = (
        "Règle le nom d'hôte et le port du site Wagtail par défaut d'après une adresse "
        "(par défaut WAGTAILADMIN_BASE_URL) : liens canoniques, og:url, plan du site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "address",
            nargs="?",
            help="adresse publique, ex. https://www.cainamur.be (défaut : WAGTAILADMIN_BASE_URL)",
        )

    def handle(self, *args, address=None, **options):
        address = address or settings.WAGTAILADMIN_BASE_URL
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(f"Adresse invalide : « {address} » (ex. https://www.cainamur.be).")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise CommandError(f"Port invalide dans « {address} ».") from error
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("Aucun site par défaut : lancez d'abord load_initial_content.")
        hostname = parts.hostname
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"Site par défaut : {parts.scheme}://{hostname}:{port}/")
