"""The listings of the library and of the news index, built where their templates show them.

The page models import no form or listing module (pyproject.toml, [tool.importlinter]): these
tags call library.py and news.py, which read the models, with the page being rendered.
"""

from django import template

from core.forms import page_listing
from resources.library import library_context
from resources.news import news_index_context

register = template.Library()


@register.inclusion_tag("resources/includes/library_listing.html", takes_context=True)
def library_listing(context):
    """The library page's filters, result count, resource cards and pagination."""
    return page_listing(context, library_context)


@register.inclusion_tag("resources/includes/news_listing.html", takes_context=True)
def news_listing(context):
    """The news index's thematic filter, count, news cards and pagination."""
    return page_listing(context, news_index_context)
