"""Admin registrations of the home app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person
from .rich_text import PublishedPageLinkHandler


class PersonViewSet(SnippetViewSet):
    """The team members, edited as snippets and placed on the team page."""

    model = Person
    icon = "user"
    menu_label = "Équipe"
    list_display = ["name", "role", "email"]
    search_fields = ["name", "role"]


register_snippet(PersonViewSet)


@hooks.register("register_rich_text_features", order=10)
def link_only_published_pages(features):
    """After Wagtail's own (order 0): a link to a draft is plain text until it is published."""
    features.register_link_type(PublishedPageLinkHandler)
