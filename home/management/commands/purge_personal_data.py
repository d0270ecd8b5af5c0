"""Delete the personal data kept longer than the settings allow: contact messages, the admin's
login records and its password-reset demands."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.contrib.forms.models import FormSubmission

from home.models import FormPage
from home.tasks import send_password_reset_email


def older_than(days):
    return timezone.now() - timedelta(days=days)


class Command(BaseCommand):
    """Remove contact messages older than CONTACT_MESSAGE_RETENTION_DAYS, and login records
    (django-axes: logins, failed attempts) and password-reset demands (the queued tasks, which
    hold the typed address) older than LOGIN_RECORD_RETENTION_DAYS. The sign-ups
    (purge_signups) and the search terms (purge_search_logs) have their own commands; all run
    each night (deploy/systemd/portail-purge-signups.service)."""

    help = (
        "Supprime les messages du formulaire de contact de plus de "
        "CONTACT_MESSAGE_RETENTION_DAYS jours (365 par défaut) et le journal des connexions à "
        "l'administration (connexions, essais manqués, demandes de nouveau mot de passe) de plus "
        "de LOGIN_RECORD_RETENTION_DAYS "
        "jours (90 par défaut)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compte sans supprimer")

    def handle(self, *args, dry_run, **options):
        contact_limit = older_than(settings.CONTACT_MESSAGE_RETENTION_DAYS)
        login_limit = older_than(settings.LOGIN_RECORD_RETENTION_DAYS)
        groups = [
            (
                "message(s) de contact",
                settings.CONTACT_MESSAGE_RETENTION_DAYS,
                FormSubmission.objects.filter(
                    page__in=FormPage.objects.values("pk"), submit_time__lt=contact_limit
                ),
            ),
            (
                "connexion(s) à l'administration",
                settings.LOGIN_RECORD_RETENTION_DAYS,
                AccessLog.objects.filter(attempt_time__lt=login_limit),
            ),
            (
                "essai(s) de connexion manqué(s)",
                settings.LOGIN_RECORD_RETENTION_DAYS,
                AccessAttempt.objects.filter(attempt_time__lt=login_limit),
            ),
            (
                "échec(s) de connexion journalisé(s)",
                settings.LOGIN_RECORD_RETENTION_DAYS,
                AccessFailureLog.objects.filter(attempt_time__lt=login_limit),
            ),
            (
                "demande(s) de nouveau mot de passe",
                settings.LOGIN_RECORD_RETENTION_DAYS,
                # The queued demands keep the typed address among their arguments. Those still
                # waiting or running are left to finish (a retry is hours away, not days).
                DBTaskResult.objects.filter(
                    task_path=send_password_reset_email.module_path, enqueued_at__lt=login_limit
                ).exclude(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]),
            ),
        ]
        verb = "seraient supprimé(s)" if dry_run else "supprimé(s)"
        for label, days, rows in groups:
            count = rows.count()
            if not dry_run:
                rows.delete()
            self.stdout.write(
                self.style.SUCCESS(f"{count} {label} de plus de {days} jours {verb}.")
            )
