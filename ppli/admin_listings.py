"""A flat admin listing of the plan's actions, filtered by state or working group, with an
"add" button that asks under which objective the new action goes."""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from .models import ActionPage


class ActionListing(PageListingViewSet):
    """Every action of the plan, to find one by its number or follow their states."""

    model = ActionPage
    icon = "tasks"
    name = "actions-ppli"
    menu_label = "Actions du PPLI"
    menu_order = 130
    add_to_admin_menu = True
    list_filter = ["status", "working_group"]
    columns = [
        *PageListingViewSet.columns,
        Column("status", label="État", accessor="get_status_display", sort_key="status"),
    ]


action_listing = ActionListing()
