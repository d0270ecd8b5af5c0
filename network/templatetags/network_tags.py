"""The network's listing and charts in its pages.

The page models import no listing module (pyproject.toml, [tool.importlinter]): `findings_listing`
calls listing.py with the page being rendered. `bar_chart` draws a chart on the server: bars of
inline SVG (no script, no style attribute: the site's CSP allows neither), hidden from screen
readers, which read the same numbers in a table.
"""

from django import template
from django.utils.translation import gettext as _

from core.forms import page_listing
from network.listing import PROVINCE_LABEL, findings_context

register = template.Library()


@register.inclusion_tag("network/includes/findings_listing.html", takes_context=True)
def findings_listing(context):
    """The findings page's form link, filters, result count, findings, pagination and
    charts."""
    return page_listing(context, findings_context)


@register.inclusion_tag("network/includes/bar_chart.html")
def bar_chart(chart, chart_id, label_heading, value_heading=None):
    """A `listing.Chart` as bars (aria-hidden) and as a table with its caption (visually
    hidden); `chart_id` makes the table's id unique on the page; `label_heading` and
    `value_heading` name the table's columns."""
    return {
        "chart": chart,
        "chart_id": chart_id,
        "label_heading": label_heading,
        "value_heading": value_heading or _("Nombre"),
        "show_percent": any(bar.percent is not None for bar in chart.bars),
    }


@register.filter
def finding_places(finding):
    """Where a finding is: « Toute la province », and/or its communes (prefetched)."""
    places = [PROVINCE_LABEL] if finding.province_wide else []
    places += [commune.name for commune in finding.communes.all()]
    return ", ".join(str(place) for place in places)
