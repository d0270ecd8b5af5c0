"""Page view restrictions, read once per request instead of once per `.public()`.

Wagtail reads the whole PageViewRestriction table for every `.public()` and twice more to
check the served page: a thematic page (menu, breadcrumb, three listings) asked seven times
for the same, usually empty, table. Inside a request (see middleware.py) the table is read
once; outside one (commands, shell) every call reads it, as in Wagtail.
"""

from contextvars import ContextVar

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

_request_memo = ContextVar("view_restrictions", default=None)


class RequestMemo:
    """What one request has read of the restrictions table (None: not read yet)."""

    restrictions = None


def view_restrictions():
    """Every view restriction with its page: once per request, on every call outside one."""
    memo = _request_memo.get()
    if memo is None:
        return list(PageViewRestriction.objects.select_related("page"))
    if memo.restrictions is None:
        memo.restrictions = list(PageViewRestriction.objects.select_related("page"))
    return memo.restrictions


def start_request():
    """Open a request's memo; returns the token that `end_request` takes."""
    return _request_memo.set(RequestMemo())


def end_request(token):
    _request_memo.reset(token)


def forget_restrictions(sender, **kwargs):
    """A restriction was added, changed or removed during the request: read the table again."""
    memo = _request_memo.get()
    if memo is not None:
        memo.restrictions = None


post_save.connect(forget_restrictions, sender=PageViewRestriction)
post_delete.connect(forget_restrictions, sender=PageViewRestriction)


class PublicPageQuerySet(PageQuerySet):
    """Wagtail's page queryset whose `.public()` reuses the request's restrictions."""

    def private_q(self):
        q = Q()
        for restriction in view_restrictions():
            q |= self.descendant_of_q(restriction.page, inclusive=True)
        return q if q else Q(pk__in=[])


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


def pages():
    """All pages as plain `Page` objects, like `Page.objects`, with the request's restrictions."""
    return PublicPageQuerySet(Page).order_by("path")


class ViewRestrictionsMixin:
    """For page models: the serve-time restriction check costs nothing on an open site."""

    def get_view_restrictions(self):
        # Wagtail looks up the ancestors and their restrictions (two queries) for each page
        # served; when the site has no restriction at all, none can apply, aliases included.
        if not view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
