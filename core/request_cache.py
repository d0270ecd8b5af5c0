"""What a page works out once and shares among everything that renders it: kept on the request.

The plan's cards and the page URLs of long lists (core/page_urls.py), the partners' URLs of the
PPLI (ppli/cards.py), a dashboard figure that a panel and a summary item both show
(home/dashboard.py, ppli/dashboard.py): each is built at its first use in a request and read
back from the request after that.
"""


def once_per_request(request, attribute, build):
    """`build(request)`, kept on the request under `attribute` so that every list, panel or
    count of the page shares it; built anew when there is no request. (None is not kept: a
    `build` that may find nothing returns an empty value instead.)"""
    value = getattr(request, attribute, None) if request is not None else None
    if value is None:
        value = build(request)
        if request is not None:
            setattr(request, attribute, value)
    return value
