"""Content types added after the page cache was written: no line of pagecache/ names them."""

from django.db import models
from wagtail.models import Page
from wagtail.snippets.models import register_snippet


class CacheTestPage(Page):
    """A new page type with one field of its own."""

    # In French, as every field an editor sees (tests/portal/test_help_texts.py).
    body = models.TextField(blank=True, help_text="Texte de la page de test.")


@register_snippet
class CacheTestSnippet(models.Model):
    """A new snippet, registered the usual way."""

    name = models.CharField(max_length=100, help_text="Nom du fragment de test.")

    def __str__(self):
        return self.name
