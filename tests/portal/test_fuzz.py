"""Fuzzing: no query string or path sent to a public GET endpoint makes the site answer 5xx.

Hypothesis draws the values (odd text, NUL and control characters, long strings, huge and
negative numbers, invalid UTF-8 percent-encodings sent raw, repeated and ``name[]``
parameters). The seed is fixed (``derandomize``) and the example counts small, so a run
takes the same requests every time and stays short, on SQLite and on PostgreSQL alike.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from portal.api import ENDPOINTS
from ppli.models import ActionPage, PlanPage, PPLIIndexPage
from ppli.overview import PlanFilterForm
from resources.library import LibraryFilterForm
from resources.models import NewsIndexPage, NewsPage, ResourceIndexPage, ResourcePage
from resources.news import NewsFilterForm
from search.forms import SearchForm
from testing.factories import NewsPageFactory
from thematiques.models import ThematicPage

pytestmark = pytest.mark.django_db

# Fixed examples: the same requests on every run; no example database written in the checkout.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    # The content is loaded once per session (tests/conftest.py); every example of a test reads
    # it inside that test's transaction, which is what is wanted here.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# An API request costs a few milliseconds, an HTML page a hundred: the API gets more examples.
API_EXAMPLES = 10
SITE_EXAMPLES = 4

# Stands for "any name at all" in the cases below: a parameter no endpoint reads.
ANY_NAME = "*"
EXPORT_EXTENSIONS = ["json", "csv", "xlsx"]


def api_parameters(viewset):
    """The query parameters an API endpoint reads: its operations and its filterable fields."""
    fields = viewset.get_available_fields(viewset.model, db_fields_only=True)
    return sorted({*viewset.known_query_parameters, *fields})


def exports():
    """The open-data formats that ppli/urls.py serves."""
    extensions = []
    for extension in EXPORT_EXTENSIONS:
        try:
            reverse("plan_export", kwargs={"plan_path": "plan/", "extension": extension})
        except NoReverseMatch:
            continue
        extensions.append(extension)
    return extensions


# The query parameters each public page reads (its filter form's fields) and "page", which
# every listing reads and every page may be linked with.
SITE_PARAMETERS = {
    "home": [],
    "thematic": [],
    "plan": list(PlanFilterForm.base_fields),
    "plan-print": list(PlanFilterForm.base_fields),
    "partners": [],
    "audiences": [],
    "action": [],
    "library": list(LibraryFilterForm.base_fields),
    "resource": [],
    "news-index": list(NewsFilterForm.base_fields),
    "news": [],
    "glossary": [],
    "contact-form": [],
    "search": list(SearchForm.base_fields),
    "suggestions": ["q"],
    "rss": [],
    "atom": [],
    **{f"export-{extension}": [] for extension in exports()},
    "sitemap": ["p"],
    "robots": [],
    "document-file": [],
    "api": [],
}
SITE_PARAMETERS = {name: [*names, "page"] for name, names in SITE_PARAMETERS.items()}
API_PARAMETERS = {
    f"api-{name}{view}": api_parameters(viewset)
    + (["html_path"] if view == "-find" and name == "pages" else [])
    for name, viewset in ENDPOINTS.items()
    for view in ["", "-find", "-detail"]
}
SITE_CASES = [(name, p) for name, names in SITE_PARAMETERS.items() for p in [*names, ANY_NAME]]
API_CASES = [(name, p) for name, names in API_PARAMETERS.items() for p in [*names, ANY_NAME]]


def first_url(model):
    """The address of the first live public page of ``model``."""
    return model.objects.live().public().order_by("path").first().url


def reverse_route(page, name):
    """The address of a route of a routable page (Wagtail's public reverse_subpage)."""
    return page.url + page.reverse_subpage(name)


def public_endpoints():
    """Every public GET endpoint of the site: {name: path}."""
    plan = PlanPage.objects.live().first()
    ppli_index = PPLIIndexPage.objects.live().first()
    endpoints = {
        "home": "/",
        "thematic": first_url(ThematicPage),
        "plan": plan.url,
        "plan-print": reverse_route(plan, "print"),
        "partners": reverse_route(ppli_index, "organisations"),
        "audiences": reverse_route(ppli_index, "audiences"),
        "action": first_url(ActionPage),
        "library": first_url(ResourceIndexPage),
        "resource": first_url(ResourcePage),
        "news-index": first_url(NewsIndexPage),
        "news": first_url(NewsPage),
        "glossary": "/glossaire/",
        "contact-form": "/contact/general/",
        "search": reverse("search"),
        "suggestions": reverse("search_autocomplete"),
        "rss": reverse("news_rss"),
        "atom": reverse("news_atom"),
        **{f"export-{extension}": plan.export_url(extension) for extension in exports()},
        "sitemap": reverse("sitemap"),
        "robots": reverse("robots_txt"),
        "document-file": get_document_model().objects.order_by("pk").first().url,
        "api": reverse("api_index"),
    }
    for name, items in [("pages", Page.objects.filter(depth__gt=1))]:
        endpoints[f"api-{name}"] = reverse(f"wagtailapi:{name}:listing")
        endpoints[f"api-{name}-find"] = reverse(f"wagtailapi:{name}:find")
        pk = items.order_by("pk").first().pk
        endpoints[f"api-{name}-detail"] = reverse(f"wagtailapi:{name}:detail", args=[pk])
    return endpoints


@pytest.fixture
def endpoints(db):
    """The public endpoints, read once per test rather than once per example.

    The initial content has no news item nor image: one of each is added, so the news index,
    its feeds and a news page have something to show.
    """
    get_image_model().objects.create(title="Affiche", file=get_test_image_file())
    NewsPageFactory(
        parent=NewsIndexPage.objects.live().get(),
        thematics=[ThematicPage.objects.live().first()],
    )
    return public_endpoints()


# Raw, already "encoded" chunks: invalid UTF-8, truncated or malformed escapes, encoded NUL,
# an encoded surrogate, an overlong encoding, separators.
BAD_ENCODINGS = [
    "%ff",
    "%fe%ff",
    "%C0%AF",
    "%ED%A0%80",
    "%E2%82",
    "%",
    "%zz",
    "%0",
    "%00",
    "+",
    ";",
]
NUMBERS = [
    "0",
    "-1",
    "-0",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "0x10",
    "1_000",
    "9" * 5000,
]
ODD_TEXT = [
    "",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\x7f\x85",
    "root",
    "*",
    "-id",
    "random",
    "😀",
    "<b>",
    "' OR 1=1",
    '"',
    "/ppli/\x00/",
]

numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
texts = st.one_of(
    st.sampled_from(ODD_TEXT),
    # Any code point but surrogates: NUL and the other control characters included.
    st.text(max_size=30),
    st.integers(min_value=1_000, max_value=20_000).map(lambda size: "x" * size),
)
# A value sent correctly percent-encoded, or with raw invalid escapes mixed in.
encoded_values = st.one_of(
    st.one_of(numbers, texts).map(lambda value: quote(value, safe="")),
    st.lists(
        st.one_of(st.sampled_from(BAD_ENCODINGS), texts.map(lambda value: quote(value, safe=""))),
        min_size=1,
        max_size=4,
    ).map("".join),
)


def names(parameter):
    """How a parameter is named in the query: as it is, as ``name[]``, or anything at all."""
    if parameter == ANY_NAME:
        return encoded_values
    return st.sampled_from([parameter, parameter + "[]"])


def query_strings(parameter, others):
    """Raw query strings: the parameter once or repeated, among up to two of the others."""
    pair = st.tuples(names(parameter), encoded_values).map("=".join)
    other_pair = st.tuples(st.sampled_from([*others, ANY_NAME]).flatmap(names), encoded_values)
    return st.tuples(
        st.lists(other_pair.map("=".join), max_size=2),
        st.lists(pair, min_size=1, max_size=3),
    ).map(lambda lists: "&".join(lists[0] + lists[1]))


def get(path, query_string=""):
    """GET ``path`` with a raw query string; the 500 page is answered, not raised."""
    client = Client(raise_request_exception=False)
    response = client.generic("GET", path, QUERY_STRING=query_string)
    assert response.status_code < 500, f"{response.status_code} for {path}?{query_string}"
    return response


def test_the_fuzzed_endpoints_are_the_sites(endpoints):
    """Every endpoint (and open-data format) the site serves is fuzzed; each answers 200."""
    assert sorted(endpoints) == sorted([*SITE_PARAMETERS, *API_PARAMETERS])
    assert {"json", "csv"} <= set(exports())
    for name, path in endpoints.items():
        expected = 404 if name.endswith("-find") else 200
        assert get(path).status_code == expected, path


@pytest.mark.parametrize("name,parameter", SITE_CASES)
@settings(FUZZ, max_examples=SITE_EXAMPLES)
@given(data=st.data())
def test_no_query_string_makes_a_page_fail(endpoints, name, parameter, data):
    """Whatever the query string, every public page, feed and file answers below 500."""
    query = data.draw(query_strings(parameter, SITE_PARAMETERS[name]), label="query string")
    get(endpoints[name], query)


@pytest.mark.parametrize("name,parameter", API_CASES)
@settings(FUZZ, max_examples=API_EXAMPLES)
@given(data=st.data())
def test_no_query_string_makes_the_api_fail(endpoints, name, parameter, data):
    """Whatever the query string, every endpoint of the API answers below 500."""
    query = data.draw(query_strings(parameter, API_PARAMETERS[name]), label="query string")
    get(endpoints[name], query)


# A path segment: text percent-encoded, or raw invalid escapes mixed in.
segments = st.lists(
    st.one_of(st.sampled_from(BAD_ENCODINGS), texts.map(lambda value: quote(value, safe=""))),
    min_size=1,
    max_size=3,
).map("".join)


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_no_path_makes_the_site_fail(endpoints, data):
    """Whatever follows the address of a page, a listing or the API, the answer is below 500."""
    base = data.draw(st.sampled_from(sorted(set(endpoints.values()))), label="base")
    segment = data.draw(segments, label="segment")
    get(base.rstrip("/") + "/" + segment + data.draw(st.sampled_from(["", "/"]), label="end"))


# The 500s of the issue "Hardening" (21 of 5,461 fuzzed requests) and those the fuzzing above
# found next: each is now Wagtail's 400, with a French message.
REPORTED = [
    ("pages", "", "search=a%00b", "caractère de contrôle"),
    ("pages", "", "locale=%00", "caractère de contrôle"),
    ("pages", "find/", "html_path=/ppli/%00/", "caractère de contrôle"),
    ("pages", "", "offset=9223372036854775808", "offset doit être un entier"),
    ("pages", "", "search=a&search_operator=xor", "search_operator doit valoir"),
    ("pages", "find/", "id=abc", "id doit être un entier"),
    ("pages", "find/", "id=", "id doit être un entier"),
    ("pages", "", "first_published_at=hier", "filtre invalide"),
]


@pytest.mark.parametrize("endpoint,view,query,message", REPORTED)
def test_the_reported_500s_are_400s(client, endpoint, view, query, message):
    """Each request that answered 500 now answers 400 and says why, in French."""
    response = client.generic("GET", f"/api/v2/{endpoint}/{view}", QUERY_STRING=query)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_the_api_still_pages_searches_and_finds(client):
    """Valid parameters are untouched: offset, limit, search with its operator, find by id."""
    listing = client.get("/api/v2/pages/", {"offset": 1, "limit": 2}).json()
    assert len(listing["items"]) == 2
    search = client.get("/api/v2/pages/", {"search": "plan", "search_operator": "and"})
    assert search.status_code == 200
    assert search.json()["meta"]["total_count"] > 0
    page_id = listing["items"][0]["id"]
    found = client.get("/api/v2/pages/find/", {"id": page_id})
    assert found.status_code == 302
    assert f"/api/v2/pages/{page_id}/" in found["Location"]
    assert client.get("/api/v2/pages/", {"search": "plan\tppli"}).status_code == 200
