"""Builds pages from the YAML content files of the apps; used by load_initial_content.

A file is a list of page specs. A spec names its `type` (app_label.ModelName), `slug`,
`title` and fields; `body` is a list of one-key blocks (heading, paragraph, quote,
call_to_action, list, ordered_list); `children` nests; `include: <app_label>` splices that
app's data/pages.yaml in place.

Nothing unfinished reaches a visitor:
- `draft: true` marks a page whose text the sources do not give. It is created unpublished,
  and its `placeholder` (allowed on drafts only) tells staff what to write.
- `hub: true` marks a section page with no text of its own: it is published only if one of
  its children is, so that it never lists nothing.
A list item may link a page of the site by its path (`{text: …, page: /ppli/}`): it is stored
as a page reference; pages that do not exist yet (created by another app) are linked once
every app has loaded (`finish`).
"""

from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.utils.html import escape
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page
from wagtail.rich_text import RichText

PLACEHOLDER_MARK = "[À compléter par l'équipe]"
CONTENT_FILE = "pages.yaml"
SPEC_KEYS = {"type", "slug", "title", "body", "placeholder", "children", "include", "draft", "hub"}


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
        if kind == "contact_details":
            return {"type": "contact_details", "value": None}
        if kind == "call_to_action":
            value = {"text": "", "url": "", "page": None, **value}
            if value["page"]:
                value["page"] = self.resolve_page_id(value["page"])
            return {"type": "call_to_action", "value": value}
        raise ValueError(f"Unknown block type in content file: {kind!r}")

    def build_page(self, spec):
        """An unsaved page instance of the spec's type with its fields and body."""
        model = apps.get_model(spec["type"])
        fields = {key: value for key, value in spec.items() if key not in SPEC_KEYS}
        # Lists of mappings are inline children (e.g. a form's fields).
        children = {
            key: fields.pop(key) for key, value in list(fields.items()) if isinstance(value, list)
        }
        page = model(slug=spec["slug"], title=spec["title"], **fields)
        for key, items in children.items():
            child_model = model._meta.get_field(key).related_model
            setattr(page, key, [child_model(**item) for item in items])
        if not page.search_description and getattr(page, "intro", ""):
            page.search_description = page.intro
        blocks = self.body_blocks(spec)
        if blocks:
            page.body = blocks
        return page

    def body_blocks(self, spec):
        """The StreamField data of a spec's body, with its note for staff on a draft."""
        blocks = [self.stream_block(block) for block in spec.get("body", [])]
        if spec.get("placeholder"):
            blocks.append({"type": "paragraph", "value": placeholder_html(spec["placeholder"])})
        return blocks

    def load(self, parent, specs):
        """Create what is missing under `parent`, depth first, in the order of the specs."""
        for spec in specs:
            check_spec(spec)
            page = parent.get_children().filter(slug=spec["slug"]).first()
            if page is None:
                try:
                    page = self.build_page(spec)
                except MissingPage:
                    # Linked pages come from another app: the body is written in `finish`.
                    page = self.build_page({**spec, "body": [], "placeholder": ""})
                    self.deferred.append((page, spec))
                page.live = False
                parent.add_child(instance=page)
                revision = page.save_revision(log_action=False)
                if is_published(spec):
                    revision.publish(log_action=False)
                self.created.append(page)
                self.log(f"  + {page.url_path}{'' if is_published(spec) else ' (brouillon)'}")
            if spec.get("children"):
                self.load(page.specific, spec["children"])

    def finish(self):
        """Write the bodies that link pages created after them (by other apps)."""
        for page, spec in self.deferred:
            page.body = self.body_blocks(spec)
            revision = page.save_revision(log_action=False)
            if is_published(spec):
                revision.publish(log_action=False)
        self.deferred = []

    def load_app(self, app_label):
        """Load an app's content file under the site's home page."""
        self.load(self.site.root_page, expand_includes(read_app_content(app_label)))


def ensure_tree_root():
    """The root of the page tree, created (with the default locale and the root collection of
    images and documents) if the database is empty."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
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
