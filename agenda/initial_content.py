"""The agenda's initial settings, called by load_initial_content (its pages come from
agenda/data/pages.yaml through the home app's content file)."""

from pathlib import Path

import yaml

from home.content_loader import LoadResult, MissingPage

from .models import AgendaSettings

SETTINGS_FILE = Path(__file__).parent / "data" / "settings.yaml"


def load(loader):
    """Point the agenda's settings at the « Formations » and « Sensibilisation » pages,
    unless staff have chosen pages (`loader`: load_initial_content's ContentLoader)."""
    with SETTINGS_FILE.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    settings = AgendaSettings.for_site(loader.site)
    changed = False
    for field, url_path in data.items():
        if getattr(settings, f"{field}_id") is not None:
            continue
        try:
            setattr(settings, f"{field}_id", loader.resolve_page_id(url_path))
        except MissingPage:
            continue
        changed = True
    if changed:
        settings.save()
    return LoadResult()
