"""Template tags for the menu, the breadcrumb, the footer links and the icons."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail.models import Page

from home.navigation import build_navigation
from pagecache import generation

register = template.Library()


def cached_per_site(request, name, build):
    """`build(request)`, kept in the cache as plain data until content changes."""
    return cache.get_or_set(
        f"pagecache:{generation.current()}:{name}:{request.get_host()}",
        lambda: build(request),
        settings.PAGE_CACHE_SECONDS or None,
    )


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Render the main menu; the current page and its section are marked for the user."""
    request = context["request"]
    current = context.get("page")
    current_path = current.path if current else ""
    items = []
    for item in cached_per_site(request, "navigation", build_navigation)["menu"]:
        # The home page contains every page: it is "active" only when it is the page shown.
        home = len(item["path"]) <= 2 * Page.steplen
        active = current_path == item["path"] or (
            not home and current_path.startswith(item["path"])
        )
        items.append({**item, "active": active})
    return {"items": items, "current_path": current_path}


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The footer's "Liens utiles" ([{text, url}])."""
    return cached_per_site(context["request"], "navigation", build_navigation)["footer"]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The path from the home page to the current page (nothing on the home page).

    A view below a page (a partner of the PPLI…) gives the rest of the path as
    `breadcrumb_trail`: [(text, url or None for the current view)].
    """
    page = context.get("page")
    trail = context.get("breadcrumb_trail") or []
    if page is None or (page.depth <= 2 and not trail):
        return {"ancestors": []}
    request = context["request"]
    # Plain pages from the home page down (the tree root above it is not shown).
    ancestors = list(page.get_ancestors().filter(depth__gte=2)) if page.depth > 2 else []
    return {"request": request, "ancestors": ancestors, "page": page, "trail": trail}


@register.simple_tag
def icon(name, label=""):
    """An icon of the sprite (home/icons.py); decorative unless it is given a label."""
    if not name:
        return ""
    href = f"{static('img/icons.svg')}#i-{name}"
    if label:
        return format_html(
            '<svg class="icon" role="img" aria-label="{}"><use href="{}"></use></svg>', label, href
        )
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', href
    )
