"""Developer settings: local defaults, nothing to configure; the site as visitors see it.

DEBUG is off unless DEBUG=1 is set: a mistyped address shows the site's French 404, not
Django's debug page (which lists every URL pattern). WhiteNoise serves the static files
straight from the apps' folders, with or without DEBUG, as `runserver` no longer does.
"""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=False)
# Dev-only key, deliberately unusable in production (production.py requires SECRET_KEY).
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# A developer editing a template wants to see it at once: no page cache unless asked for.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)

# WhiteNoise's way for development (its documentation, « Using WhiteNoise in development »):
# runserver leaves static files to the WhiteNoise middleware, which finds them where they are
# written (no collectstatic) and sees a changed stylesheet at once, whatever DEBUG says.
_staticfiles = INSTALLED_APPS.index("django.contrib.staticfiles")
INSTALLED_APPS = [
    *INSTALLED_APPS[:_staticfiles],
    "whitenoise.runserver_nostatic",
    *INSTALLED_APPS[_staticfiles:],
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
