"""Import a plan's objectives and actions from its JSON or CSV export (update or create)."""

from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import Site

from core.import_files import ImportCommand, ImportFileError
from ppli.importing.checking import PlanImporter
from ppli.importing.reading import read_import_file
from ppli.models import PlanPage


class Command(ImportCommand):
    """Round-trip a spreadsheet: update or create axes, objectives and actions by number.

    A file with any problem is refused whole, with one report of every problem (where, what is
    wrong, what is expected), and nothing is written; the command then exits non-zero.
    """

    help = (
        "Importe un fichier JSON ou CSV au format de l'export du plan : met à jour ou crée "
        "axes, objectifs et actions d'après leur numéro. Rien n'est écrit si le fichier contient "
        "une erreur : toutes les erreurs sont listées, avec leur ligne ou leur chemin JSON."
    )

    file_help = "fichier .json ou .csv exporté depuis le site"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--plan",
            default="/ppli/plan-2017-2020/",
            help="adresse de la page du plan (défaut : /ppli/plan-2017-2020/)",
        )

    def handle(self, *args, file, plan, dry_run, **options):
        plan_page = self.find_plan(plan)
        try:
            # The checks read the plan in the transaction that writes it.
            with transaction.atomic():
                changed = PlanImporter(plan_page).run(read_import_file(file))
                if dry_run:
                    transaction.set_rollback(True)
        except ImportFileError as error:
            raise self.refused(error) from error
        verb = "seraient modifiées ou créées" if dry_run else "modifiées ou créées"
        self.stdout.write(self.style.SUCCESS(f"{len(changed)} page(s) {verb}."))
        for page in changed:
            self.stdout.write(f"  {page.title}")

    def find_plan(self, url_path):
        site = Site.objects.get(is_default_site=True)
        page = site.root_page
        for slug in [part for part in url_path.strip("/").split("/") if part]:
            page = page.get_children().filter(slug=slug).first()
            if page is None:
                break
        if page is None or not isinstance(page.specific, PlanPage):
            raise CommandError(f"Aucun plan à l'adresse {url_path}.")
        return page.specific
