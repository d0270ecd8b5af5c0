"""Loads the directory's initial content (data/directory.yaml): kinds of service, languages,
the centre's own office, drafts for the offices the sources mention without naming, and the
"Bureau d'accueil" page under Contact.

Called by load_initial_content once the page tree exists (the directory page is in
home/data/pages.yaml). Like every loader it creates what is missing and brings in line with
the data what no person has edited; it never rewrites a page or a snippet staff have saved.
Entries are written by the directory's one writer (writer.py), as imports are.
"""

from pathlib import Path

import yaml
from wagtail.models import Page

from home.content_loader import (
    LoadResult,
    MissingPage,
    PageWriter,
    edited_by_people,
    placeholder_html,
    update_snippet,
)

from .models import DirectoryPage, Language, ServiceKind, ServiceListPage
from .writer import EntryData, EntryWriter

DATA_FILE = Path(__file__).resolve().parent / "data" / "directory.yaml"


def read_data():
    with DATA_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def load_snippets(model, specs):
    """Create the missing snippets (by slug), and update those no person has saved."""
    for spec in specs:
        item = model.objects.filter(slug=spec["slug"]).first()
        if item is None:
            item = model.objects.filter(name=spec["name"]).first()
        if item is None:
            model.objects.create(**spec)
        else:
            update_snippet(item, spec)


def draft_entries(drafts):
    """EntryData of the drafts: numbered offices, and single entries, each with its note for
    staff (a marked paragraph the admin search finds: "compléter")."""
    bapa = drafts["bapa"]
    specs = [
        {
            "ref": bapa["ref"].format(number=number),
            "name": bapa["name"].format(number=number),
            "kind": bapa["kind"],
            "placeholder": bapa["placeholder"],
        }
        for number in bapa["numbers"]
    ]
    specs.extend(drafts["others"])
    return [
        EntryData(
            ref=spec["ref"],
            name=spec["name"],
            kind=spec["kind"],
            body=[{"type": "paragraph", "value": placeholder_html(spec["placeholder"])}],
            draft=True,
        )
        for spec in specs
    ]


def load_service_list(loader, spec, writer):
    """The page listing one kind of service; an old generic page at its address (the first
    loader's draft "Bureau d'accueil") is replaced if no person has touched it."""
    try:
        parent = Page.objects.get(pk=loader.resolve_page_id(spec["parent"])).specific
    except MissingPage:
        loader.log(f"  ! {spec['parent']} introuvable : page « {spec['title']} » non créée")
        return
    page = parent.get_children().filter(slug=spec["slug"]).first()
    if page is not None and page.specific_class is not ServiceListPage:
        if edited_by_people(page) or page.get_children().exists():
            loader.log(
                f"  ! {page.url_path} : page modifiée par l'équipe, laissée telle quelle "
                "(la liste des bureaux n'est pas créée)"
            )
            return
        page.delete()
        page = None
    values = {
        "title": spec["title"],
        "kind": ServiceKind.objects.get(slug=spec["kind"]),
        "intro": spec["intro"],
        "search_description": spec["intro"],
        "show_in_menus": True,
        "body": [{"type": "paragraph", "value": placeholder_html(spec["placeholder"])}],
    }
    page = writer.save(
        page.specific if page is not None else None,
        ServiceListPage,
        spec["slug"],
        values,
        parent,
        # A draft while it would list the centre's office alone: the seven other offices the
        # sources mention are drafts themselves (directory.yaml). Staff publish it with them.
        draft=True,
    )
    if page in writer.created:
        loader.log(f"  + {page.url_path}")


def load(loader):
    """Entry point used by load_initial_content (`loader`: its ContentLoader)."""
    data = read_data()
    load_snippets(ServiceKind, data["kinds"])
    load_snippets(Language, data["languages"])
    result = LoadResult()
    directory = DirectoryPage.objects.descendant_of(loader.site.root_page).first()
    if directory is None:
        loader.log("  ! Répertoire des services introuvable : fiches non créées")
    else:
        writer = EntryWriter(directory, keep_edits=True)
        entries = [EntryData(**spec) for spec in data["entries"]]
        for entry in entries + draft_entries(data["drafts"]):
            page = writer.write(entry)
            if page in writer.created:
                loader.log(f"  + {page.url_path}{' (brouillon)' if entry.draft else ''}")
        result.created += writer.created
        result.updated += writer.updated
    page_writer = PageWriter(keep_edits=True)
    load_service_list(loader, data["service_list"], page_writer)
    result.created += page_writer.created
    result.updated += page_writer.updated
    return result
