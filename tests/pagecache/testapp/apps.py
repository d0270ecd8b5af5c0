"""The test app of the page cache's invalidation tests."""

from django.apps import AppConfig


class PageCacheTestAppConfig(AppConfig):
    """Installed by portal/settings/test.py only."""

    name = "tests.pagecache.testapp"
    label = "pagecache_testapp"
    default_auto_field = "django.db.models.BigAutoField"
