"""Open-data downloads of a plan, next to its page: <plan URL>export.json / export.csv, and
export.schema.json, the JSON Schema of export.json (which import_plan checks files against).
A private plan's files are as private as its page (core/page_privacy.py)."""

from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.models import Page

from core.page_privacy import serve_beside

from .exports import csv_response, json_response, schema_response
from .models import PlanPage

RESPONSES = {"json": json_response, "csv": csv_response, "schema.json": schema_response}


@require_safe
def plan_export(request, plan_path, extension):
    """Wagtail's router only serves paths ending in "/", so the file names get their own URL."""
    page = Page.find_for_request(request, f"/{plan_path}")
    if page is None or not page.live or page.specific_class is not PlanPage:
        raise Http404
    plan = page.specific
    return serve_beside(plan, request, lambda: RESPONSES[extension](plan))
