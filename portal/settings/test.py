"""Test settings: fast hashing, in-memory mail and cache; DATABASE_URL still picks the engine."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=os.path.join("/tmp", "portail-cai-test-media"))
WAGTAILADMIN_BASE_URL = "http://testserver"
# A page type and a snippet that the page cache's code has never heard of: they must make
# cached pages stale all the same (tests/pagecache/test_invalidation.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.pagecache.testapp"]

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
