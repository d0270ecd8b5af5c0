"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from portal.proxy import ForwardedForMiddleware

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

# Behind the reverse proxy, REMOTE_ADDR must be the visitor (rate limits, access log).
application = ForwardedForMiddleware(get_wsgi_application())
