"""Admin registrations of the search app: « Recherches sans résultat » (dashboard.py)."""

from django.urls import reverse
from wagtail import hooks

from . import dashboard


@hooks.register("construct_homepage_panels")
def zero_result_searches_panel(request, panels):
    """The panel, for those who may add a synonym or promote a page."""
    if dashboard.acts_on_zero_results(request.user):
        panels.append(dashboard.ZeroResultSearchesPanel())


@hooks.register("register_admin_urls")
def zero_result_searches_urls():
    """The report (and its results, refreshed when sorted)."""
    return dashboard.ZeroResultSearchesView.urls(
        "recherches-sans-resultat/", dashboard.ZERO_RESULTS_URL_NAME
    )


@hooks.register("register_reports_menu_item")
def zero_result_searches_menu_item():
    """The report under « Rapports », after the dashboard's own reports (100-120)."""
    return dashboard.ZeroResultSearchesMenuItem(
        "Recherches sans résultat",
        reverse(dashboard.ZERO_RESULTS_URL_NAME),
        name="recherches-sans-resultat",
        icon_name="search",
        order=130,
    )
