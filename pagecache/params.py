"""The query parameters a page recognised: only they may name a cached page.

A page that reads GET parameters says which ones it understood and accepted, with their
values, while it renders (``recognise``). The middleware stores the response only when every
parameter of the request was recognised, so ``?cachefill=1``, ``?thematique=nonsense`` or a
page number out of range never adds a cache entry: the set of cached URLs stays bounded by the
site's own choices, whatever visitors or robots send.

The forms only see ``request.GET``, not the request, so the accepted parameters are collected
in a context variable that the middleware opens for each request (a context variable follows
the request through Django's sync and async layers; a module global would not).
"""

from contextvars import ContextVar

from django.utils.http import urlencode

_accepted = ContextVar("pagecache_accepted_params", default=None)


def recognise(name, value):
    """Declare that the page rendering now read GET parameter ``name`` and accepted ``value``.

    Does nothing outside a request the page cache watches (a test, a management command).
    """
    accepted = _accepted.get()
    if accepted is not None:
        accepted.add((name, value))


def watch():
    """Start collecting the parameters recognised for this request (the middleware's side).

    Returns the token for ``stop`` and the set that ``recognise`` fills.
    """
    accepted = set()
    return _accepted.set(accepted), accepted


def stop(token):
    """Stop collecting (the request is answered)."""
    _accepted.reset(token)


def canonical_query(query_dict):
    """The request's parameters, sorted, as one query string; None if one is repeated.

    A page reads one value per parameter: ``?page=2&page=2&page=2…`` would otherwise name the
    same page in as many ways as a robot likes.
    """
    pairs = []
    for name, values in query_dict.lists():
        if len(values) != 1:
            return None
        pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


def all_recognised(query_dict, accepted):
    """True when every parameter of the request was recognised with its exact value (a
    request with a repeated parameter has no key, see canonical_query)."""
    return all((name, value) in accepted for name, value in query_dict.items())
