"""Admin registrations of the search app: « Recherches sans résultat » (dashboard.py)."""

from home.dashboard import register_report

from . import dashboard

# The panel, the report and its entry under « Rapports », for those who may add a synonym or
# promote a page.
register_report(dashboard.ZeroResultSearchesView, shown_to=dashboard.acts_on_zero_results)
