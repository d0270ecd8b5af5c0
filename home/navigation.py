"""The site's menu, built from the page tree in one query."""

from dataclasses import dataclass, field

from wagtail.models import Page

from .restrictions import pages as all_pages


@dataclass
class MenuItem:
    """A menu entry: a page and, for top-level entries, its own menu children."""

    page: Page
    children: list["MenuItem"] = field(default_factory=list)


def build_main_menu(root):
    """Top-level pages under the site root shown in menus, each with its menu sub-pages."""
    pages = (
        all_pages()
        .live()
        .public()
        .in_menu()
        .descendant_of(root)
        .filter(depth__in=[root.depth + 1, root.depth + 2])
        .order_by("path")
    )
    items = []
    by_path = {}
    for page in pages:
        if page.depth == root.depth + 1:
            item = MenuItem(page)
            items.append(item)
            by_path[page.path] = item
        else:
            parent = by_path.get(page.path[: -Page.steplen])
            # A sub-page whose parent is hidden from menus stays hidden too.
            if parent is not None:
                parent.children.append(MenuItem(page))
    return items
