"""Delete the counts of searches without result older than the retention period."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search.models import ZeroResultSearch


class Command(BaseCommand):
    """Remove the per-day counts of searches that found nothing, older than N days."""

    help = (
        "Supprime les comptes des recherches sans résultat de plus de N jours "
        "(SEARCH_LOG_RETENTION_DAYS, 90 par défaut). Le tableau de bord et le rapport "
        "« Recherches sans résultat » ne montrent que les 30 derniers jours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SEARCH_LOG_RETENTION_DAYS,
            help="âge maximal conservé, en jours",
        )
        parser.add_argument("--dry-run", action="store_true", help="compte sans supprimer")

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days doit valoir au moins 1.")
        limit = timezone.now().date() - datetime.timedelta(days=days)
        old = ZeroResultSearch.objects.filter(date__lt=limit)
        count = old.count()
        if not dry_run:
            old.delete()
        verb = "seraient supprimé(s)" if dry_run else "supprimé(s)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} compte(s) de recherche sans résultat de plus de {days} jours {verb}."
            )
        )
