"""manage.py send_agenda_reminders: the agenda's work every 5 minutes (lapsed offers, reminders)."""

from datetime import datetime
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from agenda.registrations import lapse_due_offers
from agenda.reminders import plan_reminders
from agenda.tasks import send_reminder


def moment(value):
    """An ISO 8601 datetime typed on the command line, aware (Brussels time if no offset)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--at : date et heure ISO 8601 attendues ({error}).") from error
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(BaseCommand):
    """Lapse the offers whose time ran out (the next people waiting get the places), then plan
    the reminders now due and queue their sending once planned (agenda/reminders.py).

    Run every 5 minutes by deploy/systemd/portail-publish-scheduled.service; running it again
    changes nothing: each reminder is planned and sent once. `--at` plans as if it were
    another moment (tests, checks by hand); the sending still judges by the real time.
    """

    help = (
        "Agenda : fait passer à la personne suivante les places proposées non confirmées à "
        "temps, puis prévoit et met dans la file les rappels des sessions (deux jours avant, "
        "et le matin même à 7 h) aux personnes inscrites et confirmées."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at", type=moment, default=None, help="moment de référence (ISO 8601), pour essai"
        )

    def handle(self, *args, at, **options):
        now = at or timezone.now()
        lapsed = lapse_due_offers(now)
        with transaction.atomic():
            planned = plan_reminders(now)
            for reminder in planned:
                # Queued once the reminders are stored: the task reads its row.
                transaction.on_commit(partial(send_reminder.enqueue, reminder.pk), robust=True)
        self.stdout.write(
            self.style.SUCCESS(f"{lapsed} offre(s) expirée(s), {len(planned)} rappel(s) prévu(s).")
        )
