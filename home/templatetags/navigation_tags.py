"""Template tags for the menu, the breadcrumb and the footer."""

from django import template
from django.conf import settings
from django.core.cache import cache
from wagtail.models import Site

from home.navigation import build_main_menu
from home.routing import ancestors_of
from pagecache import generation

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Render the main menu; the current section is marked for the user."""
    request = context["request"]
    current = context.get("page")
    menu = cache.get_or_set(
        f"pagecache:{generation.current()}:menu:{request.get_host()}",
        lambda: menu_for(request),
        settings.PAGE_CACHE_SECONDS or None,
    )
    return {"request": request, **menu, "current_path": current.path if current else ""}


def menu_for(request):
    """The menu's pages for the request's site (kept in the cache until content changes)."""
    site = Site.find_for_request(request)
    return {
        "home": site.root_page if site else None,
        "items": build_main_menu(site.root_page) if site else [],
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The path from the home page to the current page (nothing on the home page)."""
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    request = context["request"]
    return {"request": request, "ancestors": ancestors_of(request, page), "page": page}


@register.filter
def in_section(current_path, section_path):
    """True when the current page is the given page or one of its descendants."""
    return bool(current_path) and current_path.startswith(section_path)
