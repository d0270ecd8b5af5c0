"""Serve anonymous visitors from a page cache, without touching the database on a hit.

A response is kept when it is a successful GET for an anonymous visitor, sets no cookie,
uses no CSRF token (pages with a form) and asks for no privacy. Requests carrying a session
cookie (editors, visitors of password-protected pages) always reach the view. The admin,
documents (served after a permission check), the search (its queries are recorded) and the
API are never cached. Cached pages become stale when content changes or the code does
(generation.py).

A page is stored under its host, its path and its query parameters, and only when the page
recognised every parameter (params.py): junk parameters, invalid filter values or page
numbers are answered by the view but never stored, so they cannot fill the cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from . import generation, params

NEVER_CACHED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/recherche/", "/api/")
# A stored cookie would be sent to every visitor. Vary is kept: proxies and browsers need it.
KEPT_HEADERS_EXCLUDED = {"set-cookie"}


def cache_key(request):
    """The key of the request's URL in the current generation, or None if it cannot have one.

    Parameters are sorted, so ``?b=2&a=1`` and ``?a=1&b=2`` are one entry; the key is hashed,
    since URLs can be long.
    """
    query = params.canonical_query(request.GET)
    if query is None:
        return None
    url = f"{request.get_host()}{request.path}?{query}"
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
        and key_covers_vary(response)
    )


def key_covers_vary(response):
    """Does the key (host, path, parameters) tell apart every answer the response varies by?

    Cookie: a visitor with a session never uses the cache, and a stored page uses no other
    cookie. Accept-Language: the same page for every visitor while the site has one
    language. A response that varies on anything else is left to browsers and proxies,
    which read its Vary header.
    """
    covered = {"cookie"}
    if len(settings.LANGUAGES) == 1:
        covered.add("accept-language")
    varies = {name.strip().lower() for name in response.get("Vary", "").split(",")}
    return varies - {""} <= covered


class AnonymousPageCacheMiddleware:
    """Answer anonymous GETs from the cache; mark every page for browsers and proxies."""

    def __init__(self, get_response):
        """Django's middleware protocol: the next layer."""
        self.get_response = get_response

    def __call__(self, request):
        """A stored page, or the view's answer (stored if it may be)."""
        candidate = is_candidate(request)
        key = cache_key(request) if candidate else None
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                return self.rebuild(stored)
        token, recognised = params.watch()
        try:
            response = self.get_response(request)
        finally:
            params.stop(token)
        if candidate and is_cacheable(request, response):
            self.mark_public(response)
            # Only a URL made of parameters the page understood: junk is never stored.
            if key is not None and params.all_recognised(request.GET, recognised):
                cache.set(key, self.store(response), settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "MISS"
        elif request.method in ("GET", "HEAD") and "Cache-Control" not in response:
            # Personal or one-off answers (forms, editors, errors) stay out of shared caches.
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def mark_public(response):
        """Tell browsers and proxies how long they may keep the page."""
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=settings.PAGE_CACHE_PROXY_SECONDS,
        )

    @staticmethod
    def store(response):
        """The response as plain data for the cache (without its cookies)."""
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in KEPT_HEADERS_EXCLUDED
        ]
        return {"status": response.status_code, "headers": headers, "content": response.content}

    @staticmethod
    def rebuild(stored):
        """A response from the stored data, marked as a cache hit."""
        response = HttpResponse(stored["content"], status=stored["status"])
        for name, value in stored["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "HIT"
        return response
