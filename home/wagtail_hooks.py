"""Admin registrations of the home app."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person


class PersonViewSet(SnippetViewSet):
    """The team members, edited as snippets and placed on the team page."""

    model = Person
    icon = "user"
    menu_label = "Équipe"
    list_display = ["name", "role", "email"]
    search_fields = ["name", "role"]


register_snippet(PersonViewSet)
