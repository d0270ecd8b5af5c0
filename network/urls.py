"""The network's files, `<consultation page>resultats.csv` and `<follow-up page><token>/
donnees.json`; included before Wagtail's page URLs (portal/urls.py).

Wagtail's page router serves only paths ending in "/" (it adds the slash before the page's
routes are tried), so a file name is matched here, as the agenda's calendars are
(agenda/urls.py). The pages' routes of the same names (ConsultationPage.results,
FollowUpPage.export) give their addresses (`reverse_subpage`), never typed.
"""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)+)resultats\.csv$",
        views.results_csv,
        name="network_results_csv",
    ),
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)+)(?P<token>[\w-]+)/donnees\.json$",
        views.personal_data_file,
        name="network_personal_data",
    ),
]
