from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Anonymous page cache, cached menu and footer, invalidated when content changes."""

    name = "pagecache"
    verbose_name = "Cache des pages"

    def ready(self):
        from . import signals

        signals.connect()
