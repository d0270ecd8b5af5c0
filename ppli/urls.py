from django.urls import re_path

from . import views

urlpatterns = [
    re_path(
        r"^(?P<plan_path>(?:[\w-]+/)+)export\.(?P<extension>json|csv)$",
        views.plan_export,
        name="plan_export",
    ),
]
