"""The library's contribution to thematic pages."""

from wagtail import hooks

from .models import ResourcePage

THEMATIC_RESOURCES = 6


@hooks.register("thematic_page_sections")
def resources_section(thematic):
    """The latest resources tagged with the thematic, and a link to all of them."""
    resources = (
        ResourcePage.objects.live().public().filter(thematics=thematic).order_by("-date", "title")
    )
    return {
        "template": "resources/includes/thematic_section.html",
        "resources": resources[:THEMATIC_RESOURCES],
        "thematic": thematic,
    }
