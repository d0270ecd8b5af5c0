"""Wagtail's read-only content API under /api/v2/: the pages only.

Wagtail's images and documents endpoints list every file, whatever the privacy of the pages
that use it (an image only in a draft, a document linked only from a password-protected page),
and nothing public needs them (the pages' endpoint embeds no file): the site does not offer
them (docs/donnees-ouvertes.md).
"""

from django.core.exceptions import ValidationError
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from core.text import LINE_BREAKS_AND_TABS, has_control_character

# Far beyond any row of the site, far below PostgreSQL's bigint: Wagtail adds the limit to the
# offset and hands both to the database, which answers an overflow with an error (a 500).
MAX_OFFSET = 2**31 - 1
MAX_ID = 2**63 - 1
SEARCH_OPERATORS = ("and", "or")


def bounded_integer(value, name, maximum):
    """``value`` as an integer from 0 to ``maximum``, or a 400 naming the parameter."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= maximum:
        raise BadRequestError(f"{name} doit être un entier compris entre 0 et {maximum}")
    return number


class ValidatedQueryMixin:
    """Answers odd query parameters with Wagtail's 400 (BadRequestError) before Wagtail passes
    them to the database or the search backend, which would fail with a 500."""

    def initial(self, request, *args, **kwargs):
        """Check the query parameters of every action (listing, detail, find) up front."""
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            # Tab and line breaks a client may honestly send in a search; any other control
            # character (NUL first: PostgreSQL refuses it, SQLite cuts the SQL at it) is refused.
            if any(has_control_character(text, LINE_BREAKS_AND_TABS) for text in [name, *values]):
                raise BadRequestError(
                    f"le paramètre « {name} » contient un caractère de contrôle (NUL…), refusé"
                )
        # Wagtail reads the last value of a repeated parameter; each one is checked all the same.
        for value in request.GET.getlist("offset"):
            bounded_integer(value, "offset", MAX_OFFSET)
        for value in request.GET.getlist("search_operator"):
            # Wagtail lets the search backend's ValueError through for any other word.
            if value not in SEARCH_OPERATORS:
                raise BadRequestError("search_operator doit valoir « and » ou « or »")

    def filter_queryset(self, queryset):
        """Turn a field filter's invalid value (``first_published_at=x``) into a 400.

        Wagtail converts the values of integer and boolean fields itself; the others (dates)
        reach the ORM as they came, which raises a ValidationError that Wagtail lets through.
        """
        try:
            return super().filter_queryset(queryset)
        except ValidationError as error:
            raise BadRequestError("filtre invalide : " + " ".join(error.messages)) from error

    def find_object(self, queryset, request):
        """Refuse a non-numeric ``id``, which Wagtail hands to the database as it came."""
        if "id" in request.GET:
            bounded_integer(request.GET["id"], "id", MAX_ID)
        return super().find_object(queryset, request)


class PortalPagesAPIViewSet(ValidatedQueryMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, with the query parameters checked."""


ENDPOINTS = {
    "pages": PortalPagesAPIViewSet,
}

api_router = WagtailAPIRouter("wagtailapi")
for name, viewset in ENDPOINTS.items():
    api_router.register_endpoint(name, viewset)
