"""Route a URL to its page in two queries, whatever its depth.

Wagtail walks the tree one level at a time (a child query and a specific query per level):
an action of the plan, six levels down, cost fifteen queries before its view ran. Here every
page whose URL path is a prefix of the request's is read in one query, and the deepest one
routes the rest of the path, as Wagtail would. A routable page (RoutablePageMixin) on the way
keeps precedence over its children, as in Wagtail: it takes the path when one of its own
routes matches the remaining components. The pages read on the way are the target's
ancestors: the breadcrumb and the plan pages reuse them (`ancestors_of`).
"""

from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def prefixes(root, components):
    """The URL paths of the pages the components could lead through, shallowest first."""
    return [
        root.url_path + "".join(f"{c}/" for c in components[:n])
        for n in range(1, len(components) + 1)
    ]


def owns_route(page, components):
    """True when ``page`` is a live routable page with a route for these components."""
    model = page.specific_class
    if not (page.live and model and issubclass(model, RoutablePageMixin)):
        return False
    path = "/" + "".join(f"{c}/" for c in components)
    try:
        model.get_resolver().resolve(path)
    except (Resolver404, Http404):
        return False
    return True


def route_in_one_query(root, request, components):
    """The RouteResult for ``components`` below ``root`` (which routes the empty path itself)."""
    paths = prefixes(root, components)
    pages = {page.url_path: page for page in Page.objects.filter(url_path__in=paths)}
    target = None
    for depth, path in enumerate(paths, start=1):
        page = pages.get(path)
        if page is None:
            break  # a missing level: the path below it cannot exist either
        target, consumed = page, depth
        if owns_route(page, components[depth:]):
            break
    if target is None:
        raise Http404
    if request is not None:
        above = [pages[path] for path in paths[: consumed - 1]]
        request._routed = (target, [root, *above])
    return target.specific.route(request, components[consumed:])


def routed_pages(request):
    """The pages routing read for this request, from the home page to the routed page."""
    routed = getattr(request, "_routed", None)
    return [*routed[1], routed[0]] if routed else []


def ancestors_of(request, page):
    """The ancestors of `page` from the home page down, as routing read them, else queried.

    Plain `Page` objects, except the home page; previews and other entry points query.
    """
    routed = getattr(request, "_routed", None)
    if routed is not None and routed[0].pk == page.pk:
        return routed[1]
    return list(page.get_ancestors().filter(depth__gte=2))
