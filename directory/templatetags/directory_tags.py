"""The directory's listings, an entry's contact and links, and its schema.org block.

The page models import no listing module (pyproject.toml, [tool.importlinter]): these tags call
listing.py with the page being rendered.
"""

import json
from urllib.parse import quote, urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail import hooks

from core.forms import page_listing
from directory.listing import directory_context, service_list_context
from home.models import ContactSettings, tel_uri

register = template.Library()

# The partner pages belong to ppli, which this app never imports: ppli gives their URL here.
ORGANISATION_URL_HOOK = "organisation_page_url"
# What json.dumps leaves that could close or confuse the <script> block.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("directory/includes/directory_listing.html", takes_context=True)
def directory_listing(context):
    """The directory's filters, count, map, entry cards and pagination."""
    return page_listing(context, directory_context)


@register.inclusion_tag("directory/includes/service_listing.html", takes_context=True)
def service_listing(context):
    """The entries of a ServiceListPage's kind."""
    return page_listing(context, service_list_context)


@register.simple_tag(takes_context=True)
def entry_contact(context, entry):
    """{"phone", "tel", "email"} shown for an entry (the centre's own if it says so)."""
    phone, email = entry.contact(ContactSettings.for_request(context["request"]))
    return {"phone": phone, "tel": tel_uri(phone), "email": email}


@register.simple_tag
def route_url(entry):
    """OpenStreetMap's directions to the entry: to its point, or else to its address."""
    if entry.has_point:
        return "https://www.openstreetmap.org/directions?" + urlencode(
            {"route": f";{entry.latitude},{entry.longitude}"}
        )
    address = entry.address_line
    if not address:
        return ""
    return "https://www.openstreetmap.org/directions?to=" + quote(f"{address}, Belgique")


@register.simple_tag(takes_context=True)
def organisation_page_url(context, organisation):
    """The public page of the entry's PPLI partner, as ppli gives it ("" without ppli)."""
    for hook in hooks.get_hooks(ORGANISATION_URL_HOOK):
        url = hook(organisation, context.get("request"))
        if url:
            return url
    return ""


@register.simple_tag(takes_context=True)
def entry_json_ld(context, entry, hours):
    """The entry as a schema.org GovernmentOffice or Organization, for search engines;
    ``hours``: its opening hours, as the page lists them."""
    request = context["request"]
    phone, email = entry.contact(ContactSettings.for_request(request))
    data = {
        "@context": "https://schema.org",
        "@type": entry.kind.schema_type,
        "name": entry.title,
        "url": entry.get_full_url(request),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": entry.street,
            "postalCode": entry.postcode,
            "addressLocality": entry.commune,
            "addressCountry": "BE",
        },
    }
    optional = {
        "description": entry.description,
        "telephone": phone,
        "email": email,
        "sameAs": entry.website,
    }
    data.update({key: value for key, value in optional.items() if value})
    if entry.has_point:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(entry.latitude),
            "longitude": float(entry.longitude),
        }
    if hours:
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{period.schema_day}",
                "opens": period.opens.strftime("%H:%M"),
                "closes": period.closes.strftime("%H:%M"),
            }
            for period in hours
        ]
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
