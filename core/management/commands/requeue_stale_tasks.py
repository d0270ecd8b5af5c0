"""Put back in the queue the tasks a dead worker left running."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class TaskAbandoned(Exception):
    """A task whose workers died each time it ran (the failure recorded on it)."""


class Command(BaseCommand):
    """A worker killed in the middle of a task (kill -9, a crash, a machine restarted) leaves it
    "running" for ever: django-tasks-db never runs it again. Every task running for longer than
    TASK_STALE_MINUTES is put back as ready, and a worker runs it again; the e-mail tasks send
    no second copy (home.models.ContactEmailSent). A task claimed TASK_MAX_CLAIMS times already
    is marked failed instead: it shows on the dashboard and its failure is logged."""

    help = (
        "Remet dans la file les tâches « en cours » depuis plus de TASK_STALE_MINUTES minutes "
        "(leur worker s'est arrêté) ; marque en échec celles déjà reprises TASK_MAX_CLAIMS fois."
    )

    def handle(self, *args, **options):
        limit = timezone.now() - timedelta(minutes=settings.TASK_STALE_MINUTES)
        requeued = failed = 0
        with transaction.atomic():
            stale = (
                DBTaskResult.objects.running()
                .filter(started_at__lt=limit)
                .select_for_update(skip_locked=True)
            )
            for result in stale:
                if len(result.worker_ids) >= settings.TASK_MAX_CLAIMS:
                    result.set_failed(
                        TaskAbandoned(f"{len(result.worker_ids)} workers stopped while running it")
                    )
                    mail_admins(
                        f"Tâche abandonnée : {result.task_path}",
                        f"{result.task_path} ({result.args_kwargs}) : {len(result.worker_ids)} "
                        "workers se sont arrêtés pendant son exécution. Elle est marquée en échec.",
                        fail_silently=True,
                    )
                    failed += 1
                else:
                    result.status = TaskResultStatus.READY
                    result.started_at = None
                    result.save(update_fields=["status", "started_at"])
                    requeued += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"{requeued} tâche(s) remise(s) dans la file, {failed} marquée(s) en échec."
            )
        )
