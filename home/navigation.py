"""The main menu and the footer links, as plain data (texts and URLs) ready to cache.

Editors choose the entries in Paramètres › Menu et pied de page; a sub-menu lists the live
pages below an entry that are marked "Afficher dans les menus". Unpublished or private pages
never appear.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Site

from .models import FooterLink, MenuItem
from .restrictions import pages


def link(page, text, request):
    """A menu link as plain data: no model instance is kept (it goes into the cache)."""
    return {"text": text, "url": page.get_url(request), "path": page.path, "key": page.slug}


def visible(model, request):
    """The site's links of a kind whose page is live and public, in the editors' order."""
    return (
        model.objects.filter(settings__site=Site.find_for_request(request))
        .filter(page__in=pages().live().public())
        .select_related("page")
        .order_by("sort_order")
    )


def build_main_menu(request):
    """[{text, url, path, key, children: [...]}] for the site's main menu (three queries)."""
    items = list(visible(MenuItem, request))
    parents = [item.page for item in items if item.show_children]
    children = {}
    if parents:
        below = reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in parents), Q())
        for page in pages().filter(below).live().public().in_menu():
            children.setdefault(page.path[: -page.steplen], []).append(page)
    return [
        {
            **link(item.page, item.text, request),
            "children": [
                link(child, child.title, request)
                for child in (children.get(item.page.path, []) if item.show_children else [])
            ],
        }
        for item in items
    ]


def build_footer_links(request):
    """[{text, url, path, key}] of the footer's "Liens utiles"."""
    return [link(item.page, item.text, request) for item in visible(FooterLink, request)]
