"""The network's initial records, called by load_initial_content after the PPLI's (its pages
come from network/data/pages.yaml through the PPLI's content file): the province's communes,
and the consultation on the 2016-2017 findings with the booklet's thirteen essential issues as
its items, without dates: staff open it by giving them. Nothing else is invented: no finding,
request or answer."""

from pathlib import Path

import yaml
from django.utils.text import slugify

from home.content_loader import LoadResult
from ppli.models import KeyIssue

from .channels import ensure_items
from .models import Commune, Consultation

COMMUNES_FILE = Path(__file__).parent / "data" / "communes.yaml"
# The site's name for it (the seeds: « réactualiser nos constats », « questionnement de la
# validité des principaux constats du diagnostic 2016-2017 »).
CONSULTATION_TITLE = "Réactualiser les constats du diagnostic 2016-2017"


def load_communes():
    with COMMUNES_FILE.open(encoding="utf-8") as stream:
        names = yaml.safe_load(stream)
    for name in names:
        Commune.objects.get_or_create(slug=slugify(name), defaults={"name": name})


def key_issues():
    """The booklet's essential issues, in their numbers' order."""
    return KeyIssue.objects.order_by("number")


def load(loader):
    """Write the communes and the first consultation where missing (`loader`:
    load_initial_content's ContentLoader)."""
    load_communes()
    if not Consultation.objects.exists():
        consultation = Consultation.objects.create(title=CONSULTATION_TITLE)
        ensure_items(consultation, key_issues())
    return LoadResult()
