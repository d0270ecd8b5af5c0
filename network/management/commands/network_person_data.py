"""manage.py network_person_data: what the network holds about one e-mail address, exported
(right of access) or erased (right to erasure), when a person asks the centre for it."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import transaction

from network.channels import normalise_email
from network.personal_data import person_data
from network.retention import erase_person


class Command(BaseCommand):
    """Print as JSON (--export) or erase (--delete) what the network's channels hold about one
    e-mail address: findings, expertise requests, consultation answers, follow-up links. The
    export is the one the person downloads from their follow-up page
    (network.personal_data.person_data); the erasure follows the retention's rules
    (network.retention.erase_person): a published finding keeps its public summary, a closed
    consultation's answers stay, anonymised."""

    help = (
        "Réseau du PPLI : exporte en JSON (--export) ou efface (--delete) les données d'une "
        "adresse e-mail (constats de terrain, demandes d'expertise, réponses aux "
        "consultations, liens de suivi), à la demande de la personne."
    )

    def add_arguments(self, parser):
        """The address and one of --export, --delete; --yes skips the question."""
        parser.add_argument("email", help="adresse e-mail de la personne")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="affiche ses données en JSON")
        action.add_argument("--delete", action="store_true", help="efface ses données")
        parser.add_argument(
            "--yes", action="store_true", help="efface sans demander de confirmation"
        )

    def handle(self, *args, email, export, delete, yes, **options):
        """Export or erase, after checking the address."""
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(f"« {email} » n'est pas une adresse e-mail.") from error
        if export:
            data = person_data(email)
            self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            return
        if not yes and not self.confirmed(email):
            raise CommandError("Rien n'a été effacé.")
        with transaction.atomic():
            report = erase_person(email)
        for label, count in report:
            self.stdout.write(self.style.SUCCESS(f"{count} {label}."))

    def confirmed(self, email):
        """Ask before erasing: nothing of it can be undone."""
        answer = input(
            f"Effacer les données de {normalise_email(email)} dans le réseau du PPLI ? "
            "C'est définitif. Tapez « oui » : "
        )
        return answer.strip().lower() == "oui"
