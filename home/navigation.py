"""The main menu and the footer links, as plain data (texts and URLs) ready to cache.

Editors choose the entries in Paramètres › Menu et pied de page; a sub-menu lists the live
pages below an entry that are marked "Afficher dans les menus". Unpublished or private pages
never appear.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page, Site

from .models import FooterLink, MenuItem, shown_pages


def link(page, text, request):
    """A menu link as plain data: no model instance is kept (it goes into the cache)."""
    return {"text": text, "url": page.get_url(request), "path": page.path, "key": page.slug}


def visible(model, site, public):
    """The site's links of a kind whose page is in ``public``, in the editors' order."""
    return (
        model.objects.filter(settings__site=site, page__in=public)
        .select_related("page")
        .order_by("sort_order")
    )


def build_navigation(request):
    """{"menu": [...], "footer": [...]}: both read together, so that the view restrictions
    behind `.public()` are read once for the two."""
    site = Site.find_for_request(request)
    # A list with nothing in it yet (HiddenWhileEmpty) is no entry of the menu or footer.
    public = shown_pages(Page.objects.live().public())
    return {
        "menu": build_main_menu(request, site, public),
        "footer": build_footer_links(request, site, public),
    }


def build_main_menu(request, site, public):
    """[{text, url, path, key, children: [...]}] for the site's main menu."""
    items = list(visible(MenuItem, site, public))
    parents = [item.page for item in items if item.show_children]
    children = {}
    if parents:
        below = reduce(or_, (Q(path__startswith=p.path, depth=p.depth + 1) for p in parents), Q())
        for page in public.filter(below).in_menu():
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


def build_footer_links(request, site, public):
    """[{text, url, path, key}] of the footer's "Liens utiles"."""
    return [link(item.page, item.text, request) for item in visible(FooterLink, site, public)]
