"""Serve anonymous visitors from a page cache, without touching the database on a hit.

A response is kept when it is a successful GET for an anonymous visitor, sets no cookie,
uses no CSRF token (pages with a form) and asks for no privacy. Requests carrying a session
cookie (editors, visitors of password-protected pages) always reach the view. The admin,
documents (served after a permission check), the search (its queries are recorded) and the
API are never cached. Cached pages become stale when content changes (generation.py).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from . import generation

NEVER_CACHED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/recherche/", "/api/")
KEPT_HEADERS_EXCLUDED = {"set-cookie", "vary"}


def cache_key(request):
    """The key of a URL in the current generation (hashed: URLs can be long)."""
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{generation.current()}:{digest}"


def is_candidate(request):
    """Could this request be answered from the cache (or fill it)?"""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def is_cacheable(request, response):
    """May this response be shown to every anonymous visitor?"""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not getattr(request, "is_preview", False)
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


class AnonymousPageCacheMiddleware:
    """Answer anonymous GETs from the cache; mark every page for browsers and proxies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        candidate = is_candidate(request)
        if candidate:
            key = cache_key(request)
            stored = cache.get(key)
            if stored is not None:
                return self.rebuild(stored)
        response = self.get_response(request)
        if candidate and is_cacheable(request, response):
            self.mark_public(response)
            cache.set(key, self.store(response), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "MISS"
        elif request.method in ("GET", "HEAD") and "Cache-Control" not in response:
            # Personal or one-off answers (forms, editors, errors) stay out of shared caches.
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def mark_public(response):
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=settings.PAGE_CACHE_PROXY_SECONDS,
        )

    @staticmethod
    def store(response):
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in KEPT_HEADERS_EXCLUDED
        ]
        return {"status": response.status_code, "headers": headers, "content": response.content}

    @staticmethod
    def rebuild(stored):
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "HIT"
        return response
