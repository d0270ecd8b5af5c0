"""Builds pages from the YAML content files of the apps; used by load_initial_content.

A file is a list of page specs. A spec names its `type` (app_label.ModelName), `slug`,
`title` and fields; `body` (and any other StreamField) is a list of one-key blocks (heading,
paragraph, quote, call_to_action, list, ordered_list, edition…); `children` nests;
`include: <app_label>` splices that app's data/pages.yaml in place.

The loader owns the pages it created until a person edits them: on each run it creates what
is missing and rewrites, to match the data, the pages no one has edited (`edited_by_people`);
it never touches a page a person has saved. That is how a changed data file reaches an
existing database.

Nothing unfinished reaches a visitor:
- `draft: true` marks a page whose text the sources do not give. It is created unpublished,
  and its `placeholder` (allowed on drafts only) tells staff what to write.
- `hub: true` marks a section page with no text of its own: it is published only if one of
  its children is, so that it never lists nothing.
A list item may link a page of the site by its path (`{text: …, page: /ppli/}`): it is stored
as a page reference; pages that do not exist yet (created by another app) are linked once
every app has loaded (`finish`).
"""

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils.html import escape
from modelcluster.fields import ParentalKey
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Collection, Locale, ModelLogEntry, Page, PageLogEntry, Revision
from wagtail.rich_text import RichText

PLACEHOLDER_MARK = "[À compléter par l'équipe]"
CONTENT_FILE = "pages.yaml"
SPEC_KEYS = {"type", "slug", "title", "body", "placeholder", "children", "include", "draft", "hub"}
# "[^2]" in a text calls the spec's second footnote (wagtail-footnotes).
FOOTNOTE_CALL = re.compile(r"\[\^(\d+)\]")
# A link written in a text as <a linktype="page" id="{/path/}">: a page reference.
PAGE_PATH = re.compile(r'(<a linktype="page" id=")\{(/[^}]*)\}(")')


@dataclass
class LoadResult:
    """What an app's initial content loader did (`<app>.initial_content.load`)."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)


class MissingPage(LookupError):
    """A spec links a page that does not exist (yet)."""


def read_app_content(app_label):
    """The page specs of an app's data/pages.yaml."""
    path = Path(apps.get_app_config(app_label).path) / "data" / CONTENT_FILE
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream) or []


def expand_includes(specs):
    """Replace every `include: app_label` entry by that app's page specs, recursively."""
    expanded = []
    for spec in specs:
        if "include" in spec:
            expanded.extend(expand_includes(read_app_content(spec["include"])))
        else:
            if "children" in spec:
                spec = {**spec, "children": expand_includes(spec["children"])}
            expanded.append(spec)
    return expanded


def edited_by_people(page):
    """True once anything but the loader has touched a page: a revision saved by a user, or a
    logged action other than its creation (Wagtail logs every page it creates; the loader logs
    nothing else, and an import logs what it publishes). Such a page is never rewritten by the
    loader."""
    return (
        Revision.page_revisions.filter(object_id=str(page.pk), user__isnull=False).exists()
        or PageLogEntry.objects.filter(page_id=page.pk)
        .exclude(action="wagtail.create", user__isnull=True)
        .exists()
    )


def edited_by_people_condition():
    """`edited_by_people` as a condition on a page queryset, to test any number of pages in
    one query (the editors' dashboard lists the drafts the loader still owns)."""
    # Revisions name their object by a string id.
    page_id = Cast(OuterRef("pk"), output_field=CharField())
    saved_by_a_user = Revision.page_revisions.filter(object_id=page_id, user__isnull=False)
    logged_beyond_creation = PageLogEntry.objects.filter(page_id=OuterRef("pk")).exclude(
        action="wagtail.create", user__isnull=True
    )
    return Exists(saved_by_a_user) | Exists(logged_beyond_creation)


class PageWriter:
    """Creates a page, or updates the fields that differ, in one published revision.

    keep_edits=True (initial content): a page a person has edited is left as it is, and the
    loader logs nothing. keep_edits=False (an import staff run): the data wins, logged.
    Values are field values; many-to-many fields take lists of objects.
    """

    def __init__(self, keep_edits=False):
        self.keep_edits = keep_edits
        self.created = []
        self.updated = []

    def current(self, page, name):
        value = getattr(page, name)
        if hasattr(value, "raw_data"):  # a StreamField
            return comparable(value)
        if hasattr(value, "all"):  # a many-to-many relation: a set, in the table's order
            return sorted(item.pk for item in value.all())
        return value

    def wanted(self, model, name, value):
        if isinstance(value, list | tuple) and value and hasattr(value[0], "pk"):
            return sorted(item.pk for item in value)
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a relation a subclass handles (PlanWriter's links)
            return value
        if isinstance(field, StreamField):
            return comparable(field.to_python(value))
        return value

    def assign(self, page, name, value):
        setattr(page, name, value)

    def save(self, page, model, slug, values, parent, draft=False):
        """The page at `slug` under `parent` with these values (created if `page` is None).

        draft=True: a page not yet live is saved as a draft revision for staff to complete and
        publish (Wagtail's "save draft"), never published by the writer.
        """
        keep_draft = draft and (page is None or not page.live)
        if page is None:
            page = model(slug=slug)
            for name, value in values.items():
                self.assign(page, name, value)
            if keep_draft:
                page.live = False
            parent.add_child(instance=page)
            self.publish(page, keep_draft)
            self.created.append(page)
            return page
        if self.keep_edits and edited_by_people(page):
            return page
        changed = [
            name
            for name, value in values.items()
            if self.current(page, name) != self.wanted(type(page), name, value)
        ]
        for name in changed:
            self.assign(page, name, values[name])
        if changed:
            self.publish(page, keep_draft)
            self.updated.append(page)
        return page

    def publish(self, page, draft=False):
        log = not self.keep_edits
        revision = page.save_revision(log_action=log)
        if not draft:
            revision.publish(log_action=log)


def edited_snippet(instance):
    """True once a person has saved a snippet or document in the admin (Wagtail logs it)."""
    return ModelLogEntry.objects.for_instance(instance).exists()


def update_snippet(snippet, values):
    """Give a snippet the data's `values` unless a person has saved it (only the fields that
    differ are written)."""
    if edited_snippet(snippet):
        return
    changed = [name for name, value in values.items() if getattr(snippet, name) != value]
    for name in changed:
        setattr(snippet, name, values[name])
    if changed:
        snippet.save(update_fields=changed)


def compared_fields(spec):
    """The page fields a spec sets, which the loader keeps in line with it."""
    fields = {"title", "search_description", "body"}
    if "footnotes" in spec:
        fields.add("footnotes")
    fields.update(key for key in spec if key not in SPEC_KEYS)
    return sorted(fields)


def without_ids(data):
    """StreamField data without its blocks' ids (new at every save)."""
    if isinstance(data, dict):
        return {key: without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def comparable(value):
    """A field's value in a form two pages can be compared by: StreamField data in its stored
    form without block ids, inline children as their field values."""
    if hasattr(value, "raw_data"):
        return without_ids(value.stream_block.get_prep_value(value))
    if hasattr(value, "all") and hasattr(value, "model"):
        # Not the row's identity (id, page, order, random translation key) nor what its save
        # computes (a form field's clean name).
        # Nor what the model keeps for itself (non-editable: an agenda session's calendar
        # UID), nor the link to its page, whatever its name.
        skipped = {"id", "page", "sort_order", "translation_key", "locale", "clean_name"}
        fields = [
            f.name
            for f in value.model._meta.fields
            if f.name not in skipped and f.editable and not isinstance(f, ParentalKey)
        ]
        return [tuple(str(getattr(item, name)) for name in fields) for item in value.all()]
    return value


def differs(page, target, name):
    try:
        field = page._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.many_to_many:  # a set: the stored order is the table's
        return {o.pk for o in getattr(page, name).all()} != {
            o.pk for o in getattr(target, name).all()
        }
    return comparable(getattr(page, name)) != comparable(getattr(target, name))


def plain_spec(spec):
    """A spec without what may link other pages (body, relations, other StreamFields)."""
    model = apps.get_model(spec["type"])
    kept = {}
    for key, value in spec.items():
        if key in SPEC_KEYS:
            if key not in ("body", "placeholder"):
                kept[key] = value
            continue
        field = model._meta.get_field(key)
        if not (field.one_to_many or field.many_to_many or isinstance(field, StreamField)):
            kept[key] = value
    return kept


def is_published(spec):
    """A page is published unless it is a draft, or a hub whose children are all drafts."""
    if spec.get("draft"):
        return False
    if spec.get("hub"):
        return any(is_published(child) for child in spec.get("children", []))
    return True


def check_spec(spec):
    """Refuse a published page that carries a note for staff: a visitor would read it."""
    if spec.get("placeholder") and not spec.get("draft"):
        raise ValueError(
            f"« {spec['slug']} » : une page publiée ne peut pas porter de texte à compléter "
            "(ajoutez « draft: true »)."
        )


def placeholder_html(text):
    """A paragraph visibly marked so staff can find and replace it (admin search: "compléter")."""
    return f"<p><b>{PLACEHOLDER_MARK}</b> {text}</p>"


class ContentLoader:
    """Creates the missing pages of a spec tree; existing pages are never modified."""

    def __init__(self, site, log=None):
        self.site = site
        self.log = log or (lambda message: None)
        self.created = []
        self.updated = []
        self.deferred = []

    def resolve_page_id(self, url_path):
        """The id of the page at a site-relative URL path such as "/ppli/"."""
        route = [part for part in url_path.strip("/").split("/") if part]
        page = self.site.root_page
        for slug in route:
            page = page.get_children().filter(slug=slug).first()
            if page is None:
                raise MissingPage(url_path)
        return page.id

    def list_item(self, item):
        """A list item's HTML: text, or a link to a page of the site (a page reference)."""
        if isinstance(item, str):
            return item
        page_id = self.resolve_page_id(item["page"])
        link = f'<a linktype="page" id="{page_id}">{escape(item["text"])}</a>'
        return f"{link} {item['after']}" if item.get("after") else link

    def stream_block(self, block):
        """Turn a one-key YAML block into StreamField raw data."""
        ((kind, value),) = block.items()
        if kind == "heading":
            if isinstance(value, str):
                value = {"text": value, "level": "h2"}
            return {"type": "heading", "value": value}
        if kind == "paragraph":
            return {"type": "paragraph", "value": RichText(value).source}
        if kind in ("list", "ordered_list"):
            tag = "ul" if kind == "list" else "ol"
            items = "".join(f"<li>{self.list_item(item)}</li>" for item in value)
            return {"type": "paragraph", "value": f"<{tag}>{items}</{tag}>"}
        if kind == "quote":
            return {"type": "quote", "value": {"attribution": "", **value}}
        if kind in ("contact_details", "retention_periods"):  # blocks that read the settings
            return {"type": kind, "value": None}
        if kind == "signatures":
            return {"type": "signatures", "value": {"signatures": value}}
        if kind == "source":  # a resource a history sheet offers or draws on
            value = {"page": None, "url": "", **value}
            if value["page"]:
                value["page"] = self.resolve_page_id(value["page"])
            return {"type": "source", "value": value}
        if kind == "edition":  # an edition of the plan, on the PPLI landing's timeline
            empty = {"period": "", "summary": "", "current": False, "anchor": "", "page": None}
            value = {**empty, **value}
            if value["page"]:
                value["page"] = self.resolve_page_id(value["page"])
            return {"type": "edition", "value": value}
        if kind == "call_to_action":
            value = {"text": "", "url": "", "page": None, **value}
            if value["page"]:
                value["page"] = self.resolve_page_id(value["page"])
            return {"type": "call_to_action", "value": value}
        raise ValueError(f"Unknown block type in content file: {kind!r}")

    def footnote_id(self, spec, number):
        """A footnote's id, the same at every load (the text's calls refer to it)."""
        return uuid.uuid5(uuid.NAMESPACE_URL, f"portail-cai:{spec['slug']}#note-{number}")

    def call_footnotes(self, spec, html):
        """Turn "[^1]" into the call of the spec's footnote 1, as the editor stores it."""

        def call(match):
            number = match.group(1)
            return f'<footnote id="{self.footnote_id(spec, number)}">[{number}]</footnote>'

        return FOOTNOTE_CALL.sub(call, html)

    def build_page(self, spec):
        """An unsaved page instance of the spec's type with its fields and body."""
        model = apps.get_model(spec["type"])
        fields = {key: value for key, value in spec.items() if key not in SPEC_KEYS}
        footnotes = fields.pop("footnotes", [])
        # Inline children (a form's fields), many-to-many (thematics by page path, snippets by
        # name) and StreamFields other than the body are set once the page exists.
        related = {}
        for key in list(fields):
            field = model._meta.get_field(key)
            if field.one_to_many or field.many_to_many or isinstance(field, StreamField):
                related[key] = fields.pop(key)
        page = model(slug=spec["slug"], title=spec["title"], **fields)
        for key, value in related.items():
            setattr(page, key, self.related_value(model._meta.get_field(key), value))
        if not page.search_description and getattr(page, "intro", ""):
            page.search_description = page.intro
        blocks = self.body_blocks(spec)
        if blocks:
            page.body = blocks
        if footnotes:
            note = apps.get_model("wagtail_footnotes", "Footnote")
            page.footnotes = [
                note(uuid=self.footnote_id(spec, n), text=f"<p>{self.list_item(text)}</p>")
                for n, text in enumerate(footnotes, start=1)
            ]
        return page

    def related_value(self, field, value):
        """The objects of a relation, or a StreamField's data, from a spec's plain values."""
        if isinstance(field, StreamField):
            return [self.stream_block(block) for block in value]
        model = field.related_model
        if field.one_to_many:
            return [model(**item) for item in value]
        if issubclass(model, Page):
            found = model.objects.in_bulk([self.resolve_page_id(path) for path in value])
            return [found[self.resolve_page_id(path)] for path in value]
        return [model.objects.get(name=name) for name in value]

    def body_blocks(self, spec):
        """The StreamField data of a spec's body, with its note for staff on a draft."""
        blocks = [self.stream_block(block) for block in spec.get("body", [])]
        for block in blocks:
            if block["type"] == "paragraph":
                html = self.call_footnotes(spec, block["value"])
                block["value"] = PAGE_PATH.sub(
                    lambda m: f"{m.group(1)}{self.resolve_page_id(m.group(2))}{m.group(3)}", html
                )
        if spec.get("placeholder"):
            blocks.append({"type": "paragraph", "value": placeholder_html(spec["placeholder"])})
        return blocks

    def load(self, parent, specs):
        """Create what is missing under `parent`, depth first, in the order of the specs, and
        bring the pages no person has edited in line with their spec."""
        for spec in specs:
            check_spec(spec)
            page = parent.get_children().filter(slug=spec["slug"]).first()
            if page is not None and not edited_by_people(page):
                page = self.update(page.specific, spec)
            if page is None:
                page = self.create(parent, spec)
            if spec.get("children"):
                self.load(page.specific, spec["children"])

    def create(self, parent, spec):
        try:
            page = self.build_page(spec)
        except MissingPage:
            # It links pages another app creates later: its plain fields now, the rest in
            # `finish`, once every app has loaded.
            page = self.build_page(plain_spec(spec))
            self.deferred.append((page, spec))
        page.live = False
        parent.add_child(instance=page)
        self.save(page, spec)
        self.created.append(page)
        self.log(f"  + {page.url_path}{'' if is_published(spec) else ' (brouillon)'}")
        return page

    def update(self, page, spec):
        """Rewrite a page the loader owns when its spec changed; None when it must be created
        again (its type changed, and it has no sub-page)."""
        if type(page) is not apps.get_model(spec["type"]):
            if page.get_children().exists():
                return page
            page.delete()
            return None
        try:
            target = self.build_page(spec)
        except MissingPage:
            self.deferred.append((page, spec))  # compared in `finish`, once the page exists
            return page
        changed = [name for name in compared_fields(spec) if differs(page, target, name)]
        if not changed and page.live == is_published(spec):
            return page
        for name in changed:
            value = getattr(target, name)
            if hasattr(value, "all") and not hasattr(value, "raw_data"):  # inline children
                value = list(value.all())
            setattr(page, name, value)
        self.save(page, spec)
        self.updated.append(page)
        self.log(f"  ~ {page.url_path}")
        return page

    def save(self, page, spec):
        """A revision without a user, published or not as the spec says; nothing logged."""
        revision = page.save_revision(log_action=False)
        if is_published(spec):
            revision.publish(log_action=False)
        elif page.live:
            page.unpublish(log_action=False)

    def finish(self):
        """Bring in line the pages that link pages created after them (by other apps)."""
        deferred, self.deferred = self.deferred, []
        for page, spec in deferred:
            # Read again: the tree may have changed since (an app inserting a page before it
            # among its siblings renumbers their paths).
            self.update(type(page).objects.get(pk=page.pk), spec)
        if self.deferred:
            missing = ", ".join(spec["slug"] for _, spec in self.deferred)
            raise MissingPage(f"Pages liées introuvables pour : {missing}")

    def load_app(self, app_label):
        """Load an app's content file under the site's home page."""
        self.load(self.site.root_page, expand_includes(read_app_content(app_label)))


# Wagtail names both roots "Root", which editors read in breadcrumbs, the page chooser and
# the collection menus: the site gives them French names.
ROOT_PAGE_TITLE = "Toutes les pages"
ROOT_COLLECTION_NAME = "Tous les fichiers"
WAGTAIL_ROOT_NAME = "Root"


def ensure_tree_root():
    """The root of the page tree, created (with the default locale and the root collection of
    images and documents) if the database is empty; both roots named in French."""
    collection = Collection.get_first_root_node()
    if collection is None:
        Collection.add_root(name=ROOT_COLLECTION_NAME)
    elif collection.name == WAGTAIL_ROOT_NAME:
        collection.name = ROOT_COLLECTION_NAME
        collection.save(update_fields=["name"])
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title=ROOT_PAGE_TITLE, slug="root", live=True))
    elif root.title == WAGTAIL_ROOT_NAME:
        # The root is not a page anyone edits: renamed in place, with no revision.
        Page.objects.filter(pk=root.pk).update(title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE)
        root.refresh_from_db()
    return root


def ensure_home_page(site, model, title):
    """Replace Wagtail's placeholder welcome page by the portal's home page, once."""
    current = site.root_page.specific
    if isinstance(current, model):
        return current, False
    root = Page.get_first_root_node()
    home = model(title=title, slug="accueil", show_in_menus=False)
    root.add_child(instance=home)
    home.save_revision(log_action=False).publish(log_action=False)
    site.root_page = home
    site.save()
    # Only Wagtail's own untouched welcome page is removed; never the tree's root.
    is_welcome_page = type(current) is Page and current.depth == 2
    if is_welcome_page and not current.get_children().exists():
        current.delete()
    return home, True
