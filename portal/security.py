"""Content-Security-Policy for the portal: one strict policy, widened only for the Wagtail admin.

The policy itself lives in settings (CONTENT_SECURITY_POLICY, ADMIN_CSP_ADDITIONS); django-csp
writes the header. django-csp widens a policy per view with decorators, but the admin's views
belong to Wagtail, so this middleware widens it by URL prefix instead.

Previews are not widened: Wagtail renders a preview by running the whole middleware chain
again on a dummy request for the page's public URL, so the preview response already carries
the public policy, and django-csp never overwrites a header that is already set.
"""

import functools

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


@functools.cache
def admin_prefix():
    """The Wagtail admin's URL prefix (/admin/), looked up once the URLconf is loaded."""
    return reverse("wagtailadmin_home")


def is_admin_request(request):
    """Is this a request for a Wagtail admin view (not a preview's dummy request)?"""
    return request.path_info.startswith(admin_prefix())


def with_additions(directives, additions):
    """`directives` with each source list of `additions` appended (None-safe, no mutation)."""
    merged = dict(directives or {})
    for directive, sources in additions.items():
        merged[directive] = [*merged.get(directive, ()), *sources]
    return merged


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with ADMIN_CSP_ADDITIONS on the admin's own responses."""

    def get_policy_parts(self, request, response, report_only=False):
        """The configured policy (or a view's override), plus the admin's additions."""
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin_request(request):
            parts.update = with_additions(parts.update, settings.ADMIN_CSP_ADDITIONS)
        return parts
