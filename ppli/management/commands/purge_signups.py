"""Delete refused and stale pending sign-up requests (personal-data retention)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from ppli.models import SignupStatus, WorkingGroupSignup

DAYS_PER_MONTH = 30


class Command(BaseCommand):
    """Remove requests refused, or left unanswered, longer ago than the retention period."""

    help = (
        "Supprime les demandes d'inscription refusées, et celles restées en attente, depuis "
        "plus de N mois (SIGNUP_RETENTION_MONTHS, 12 par défaut). Les demandes acceptées sont "
        "conservées tant que l'organisation est membre."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.PPLI_SIGNUP_RETENTION_MONTHS)
        parser.add_argument("--dry-run", action="store_true", help="compte sans supprimer")

    def handle(self, *args, months, dry_run, **options):
        if months < 1:
            raise CommandError("--months doit valoir au moins 1.")
        limit = timezone.now() - timedelta(days=months * DAYS_PER_MONTH)
        stale = WorkingGroupSignup.objects.filter(
            Q(status=SignupStatus.DECLINED, decided_at__lt=limit)
            | Q(status=SignupStatus.PENDING, created_at__lt=limit)
        )
        count = stale.count()
        if not dry_run:
            stale.delete()
        verb = "seraient supprimée(s)" if dry_run else "supprimée(s)"
        self.stdout.write(
            self.style.SUCCESS(f"{count} demande(s) de plus de {months} mois {verb}.")
        )
