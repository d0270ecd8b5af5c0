"""Which searches count in the editors' statistics (Rapports › Termes de recherche, the
searches without result): people's, not robots'.

A search is left out of the counts — never refused: the visitor gets their results all the
same — when

- its user agent says it is a robot: a crawler, a link checker, a script. The markers below
  are the words such agents put in their name ("Googlebot", "bingbot", "YandexBot",
  "Baiduspider", "Yahoo! Slurp", "curl/8.5", "Wget/1.21", "python-requests/2.32",
  "HeadlessChrome"…); a browser's user agent holds none of them. A missing user agent is
  counted: Django's test client and a few privacy tools send none, a robot that sends none
  is caught by the rate below;
- or its address has already had RATE_LIMIT counted searches in the hour: beyond, someone
  (or something) is hammering the search and their words would drown the visitors'.
"""

from core.ratelimit import RateLimit, client_address

# Lower case; a user agent that contains one of them is a robot's.
BOT_MARKERS = (
    "bot",  # Googlebot, bingbot, DuckDuckBot, Applebot, AhrefsBot… and "robot"
    "crawl",  # crawler, Crawl
    "spider",  # Baiduspider, Sogou spider
    "slurp",  # Yahoo! Slurp
    "curl",
    "wget",
    "python-requests",
    "python-urllib",
    "headless",  # HeadlessChrome, headless browsers driven by scripts
    "scrapy",
    "go-http-client",
    "httpclient",  # Apache-HttpClient
    "facebookexternalhit",  # link previews
)

# At most this many searches per address and per window count.
RATE_LIMIT = 20
RATE_WINDOW = 60 * 60
RATE_SCOPE = "search-statistics"


def search_rate():
    """The per-address limit of counted searches (core/ratelimit.py, in the shared cache)."""
    return RateLimit(RATE_SCOPE, RATE_LIMIT, RATE_WINDOW)


def is_bot(request):
    """True when the request's user agent names a robot (BOT_MARKERS)."""
    user_agent = request.META.get("HTTP_USER_AGENT", "").lower()
    return any(marker in user_agent for marker in BOT_MARKERS)


def counts_in_statistics(request):
    """True when this search counts: a person's, within the address's hourly allowance.

    Call it once per search to record: it counts the search against the address.
    """
    if is_bot(request):
        return False
    rate, address = search_rate(), client_address(request)
    # Checking first spares the counter's writes to an address already over the limit.
    if rate.retry_after(address):
        return False
    # hit() returns the window's count: of simultaneous searches, only RATE_LIMIT count.
    return rate.hit(address) <= RATE_LIMIT
