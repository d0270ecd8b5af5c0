"""The directory's downloads; included before Wagtail's page URLs and the plan's own
"export.csv" (portal/urls.py)."""

from django.urls import path, register_converter

from . import views
from .models import DirectoryPage


class DirectoryPathConverter:
    """The path of the live directory page ("ressources/repertoires-et-cartographies/").

    The plan's downloads end in "export.csv" too (ppli/urls.py): a path that is not the
    directory's does not match here (ValueError), and Django tries the plan's URLs next. One
    query, on these file names only."""

    regex = r"(?:[\w-]+/)+"

    def to_python(self, value):
        if not DirectoryPage.objects.live().filter(url_path__endswith=f"/{value}").exists():
            raise ValueError(value)
        return value

    def to_url(self, value):
        return value


register_converter(DirectoryPathConverter, "directory_path")

urlpatterns = [
    # <directory URL>export.geojson and export.csv.
    path(
        "<directory_path:directory_path>export.geojson",
        views.directory_export,
        {"extension": "geojson"},
        name="directory_export_geojson",
    ),
    path(
        "<directory_path:directory_path>export.csv",
        views.directory_export,
        {"extension": "csv"},
        name="directory_export_csv",
    ),
]
