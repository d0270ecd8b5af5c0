"""`{% path_url row.url_path %}`: the URL of a page read as a plain row (core/page_urls.py)."""

from django import template

from core.page_urls import path_urls

register = template.Library()


@register.simple_tag(takes_context=True)
def path_url(context, url_path):
    """The page's URL on the current site, like `{% pageurl %}` for a Page object."""
    return path_urls(context.get("request"))(url_path) or ""
