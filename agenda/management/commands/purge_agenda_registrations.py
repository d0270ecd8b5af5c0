"""manage.py purge_agenda_registrations: the agenda's personal-data retention."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agenda.models import Registration

# A month of the retention period, as the sign-ups' purge counts it (ppli's purge_signups).
DAYS_PER_MONTH = 30


def retention_limit(months, now=None):
    """The first session date whose registrations are kept: `months` months before today."""
    today = timezone.localdate(now)
    return today - timedelta(days=months * DAYS_PER_MONTH)


class Command(BaseCommand):
    """Delete the registrations (with their reminders) of the sessions held more than
    AGENDA_RETENTION_MONTHS months ago: names, addresses, needs, presence. No count is kept
    aside: the sessions and events themselves stay. Run each night by
    deploy/systemd/portail-purge-signups.service; the privacy page states the period
    (home.blocks.retention_periods)."""

    help = (
        "Supprime les inscriptions (et leurs rappels) aux sessions de l'agenda passées depuis "
        "plus de N mois (AGENDA_RETENTION_MONTHS, 12 par défaut)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.AGENDA_RETENTION_MONTHS)
        parser.add_argument("--dry-run", action="store_true", help="compte sans supprimer")

    def handle(self, *args, months, dry_run, **options):
        if months < 1:
            raise CommandError("--months doit valoir au moins 1.")
        old = Registration.objects.filter(session__date__lt=retention_limit(months))
        count = old.count()
        if not dry_run:
            # The reminders go with them (on_delete=CASCADE); the sessions stay.
            old.delete()
        verb = "seraient supprimée(s)" if dry_run else "supprimée(s)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} inscription(s) à des sessions de plus de {months} mois {verb}."
            )
        )
