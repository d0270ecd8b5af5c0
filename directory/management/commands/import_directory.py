"""Import directory entries from a CSV or GeoJSON file in the format of the site's exports."""

from django.core.management.base import CommandError
from django.db import transaction

from core.import_files import ImportCommand, ImportFileError
from directory.importer import DirectoryImporter, read_directory_file
from directory.models import DirectoryPage


class Command(ImportCommand):
    """Update or create entries by `ref`. A file with any problem is refused whole, with one
    report of every problem (where, what is wrong, what is expected), and nothing is written;
    the command then exits non-zero."""

    help = (
        "Importe un fichier CSV ou GeoJSON au format de l'export du répertoire des services : "
        "met à jour ou crée les fiches d'après leur identifiant (ref). Rien n'est écrit si le "
        "fichier contient une erreur : toutes les erreurs sont listées, avec leur ligne et leur "
        "colonne, ou leur entité et leur propriété."
    )

    file_help = "fichier .csv ou .geojson exporté depuis le site"

    def handle(self, *args, file, dry_run, **options):
        directory = DirectoryPage.objects.first()
        if directory is None:
            raise CommandError("Le site n'a pas de page « répertoire des services ».")
        try:
            # The checks read the site in the transaction that writes it.
            with transaction.atomic():
                records, problems = read_directory_file(file)
                importer = DirectoryImporter(directory)
                entries = importer.check(records, problems)
                writer = importer.write(entries)
                if dry_run:
                    transaction.set_rollback(True)
        except ImportFileError as error:
            raise self.refused(error) from error
        conditional = " (simulation : rien n'est enregistré)" if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(writer.created)} fiche(s) créée(s), {len(writer.updated)} mise(s) à jour, "
                f"{len(entries) - len(writer.created) - len(writer.updated)} inchangée(s)"
                f"{conditional}."
            )
        )
        for page in writer.created + writer.updated:
            self.stdout.write(f"  {page.title}")
