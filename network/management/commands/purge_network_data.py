"""manage.py purge_network_data: the network's personal-data retention (network/retention.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from network.retention import purge


class Command(BaseCommand):
    """Erase the senders' data of the findings closed or published more than
    NETWORK_RETENTION_MONTHS months ago (their public summary stays), delete the requests
    closed or withdrawn as long ago, anonymise the addresses of the consultations closed more
    than NETWORK_CONSULTATION_RETENTION_MONTHS months ago (the answers stay), and delete the
    unconfirmed sendings and follow-up links once expired. Run each night by
    deploy/systemd/portail-purge-signups.service; the privacy page states the periods
    (home.blocks.retention_periods)."""

    help = (
        "Réseau du PPLI : efface les coordonnées et le texte des auteurs des constats de "
        "terrain clôturés ou publiés depuis plus de N mois (NETWORK_RETENTION_MONTHS, 24 par "
        "défaut ; le résumé publié reste), supprime les demandes d'expertise clôturées ou "
        "retirées depuis autant de mois, anonymise les adresses des participants aux "
        "consultations closes depuis plus de NETWORK_CONSULTATION_RETENTION_MONTHS mois (6 par "
        "défaut ; les réponses restent) et supprime les envois non confirmés et les liens de "
        "suivi expirés."
    )

    def add_arguments(self, parser):
        """--months, --consultation-months (the settings by default) and --dry-run."""
        parser.add_argument("--months", type=int, default=settings.NETWORK_RETENTION_MONTHS)
        parser.add_argument(
            "--consultation-months",
            type=int,
            default=settings.NETWORK_CONSULTATION_RETENTION_MONTHS,
        )
        parser.add_argument("--dry-run", action="store_true", help="compte sans rien changer")

    def handle(self, *args, months, consultation_months, dry_run, **options):
        """Apply the rules and print one French line per rule."""
        if months < 1 or consultation_months < 1:
            raise CommandError("--months et --consultation-months doivent valoir au moins 1.")
        report = purge(months=months, consultation_months=consultation_months, dry_run=dry_run)
        prefix = "Simulation, rien n'est changé : " if dry_run else ""
        for label, count in report:
            self.stdout.write(self.style.SUCCESS(f"{prefix}{count} {label}."))
