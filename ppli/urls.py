from django.urls import re_path

from . import views

urlpatterns = [
    # <plan URL>export.json, export.csv, and export.schema.json: the JSON Schema both follow.
    re_path(
        r"^(?P<plan_path>(?:[\w-]+/)+)export\.(?P<extension>json|csv|schema\.json)$",
        views.plan_export,
        name="plan_export",
    ),
]
