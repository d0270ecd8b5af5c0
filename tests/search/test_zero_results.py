"""The searches that found nothing: counted per day (people only, within a rate), listed on
the dashboard of those who can act and in a report, each with its one-click actions."""

import datetime
import io
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from glossary.models import SearchSynonym
from search.models import ZeroResultSearch
from search.statistics import RATE_LIMIT
from testing.queries import cold_get
from testing.spreadsheets import staff_csv_rows
from tests.dashboard import (
    DASHBOARD,
    make_coordinator,
    make_redacteur,
    panel,
    sidebar_items,
)

pytestmark = pytest.mark.django_db

SEARCH = "/recherche/"
REPORT = "/admin/recherches-sans-resultat/"
PANEL = "recherches-sans-resultat"
NOTHING = "Zorglub quetzalcoatl"  # no page says either word
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0.0.0 Safari/537.36",
]


@pytest.fixture
def publisher(django_user_model):
    """A member of Publication: adds search synonyms and editor's picks."""
    user = django_user_model.objects.create_user("pub", "pub@example.org", "x")
    user.groups.add(Group.objects.get(name="Publication"))
    return user


def search(client, words, address="192.0.2.10", user_agent=BROWSER, **params):
    response = client.get(
        SEARCH, {"q": words, **params}, REMOTE_ADDR=address, HTTP_USER_AGENT=user_agent
    )
    assert response.status_code == 200
    return response


def zero_result_hits(words):
    row = ZeroResultSearch.objects.filter(query_string=words).first()
    return row.hits if row else 0


def link(html, text):
    """The href of the link that reads `text`, tags inside it (visually hidden words) included."""
    for href, inner in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
        if " ".join(unescape(re.sub(r"<[^>]+>", "", inner)).split()) == text:
            return unescape(href)
    raise AssertionError(f"no link « {text} »")


def days_ago(days):
    return timezone.now().date() - datetime.timedelta(days=days)


# Counting


def test_searches_without_result_are_counted_per_day_first_page_only(client):
    search(client, NOTHING)
    search(client, "zorglub   QUETZALCOATL")
    search(client, NOTHING, page="2")
    row = ZeroResultSearch.objects.get()
    assert (row.query_string, row.date, row.hits) == ("zorglub quetzalcoatl", days_ago(0), 2)
    # Wagtail's own count of every search agrees.
    assert Query.objects.get(query_string="zorglub quetzalcoatl").hits == 2


def test_searches_that_find_something_or_are_filtered_are_not_counted(client):
    assert search(client, "logement").context["results"].paginator.count > 0
    # A filter that leaves nothing says nothing of the words.
    response = search(client, NOTHING, type="ressource")
    assert response.context["results"].paginator.count == 0
    assert not ZeroResultSearch.objects.exists()


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_are_not_counted(client, user_agent):
    response = search(client, NOTHING, user_agent=user_agent)
    assert "Aucun résultat" in response.content.decode()  # answered all the same
    assert not ZeroResultSearch.objects.exists()
    assert not Query.objects.filter(query_string="zorglub quetzalcoatl").exists()


def test_an_address_counts_at_most_the_rate_limit_per_hour(client):
    for _ in range(RATE_LIMIT + 5):
        search(client, NOTHING, address="198.51.100.4")
    assert zero_result_hits("zorglub quetzalcoatl") == RATE_LIMIT
    assert Query.objects.get(query_string="zorglub quetzalcoatl").hits == RATE_LIMIT
    # Another address still counts, and the flooding one still gets its answers.
    search(client, NOTHING, address="198.51.100.5")
    assert zero_result_hits("zorglub quetzalcoatl") == RATE_LIMIT + 1
    assert "Aucun résultat" in search(client, NOTHING, address="198.51.100.4").content.decode()


def test_recording_twice_the_same_day_updates_one_row():
    ZeroResultSearch.record("Mot  Introuvable")
    ZeroResultSearch.record("mot introuvable")
    ZeroResultSearch.record("   ")  # nothing to count
    assert list(ZeroResultSearch.objects.values_list("query_string", "hits")) == [
        ("mot introuvable", 2)
    ]


# The panel


def add_rows(*rows):
    """(words, days ago, hits) rows, as the search would have counted them."""
    for words, age, hits in rows:
        ZeroResultSearch.objects.create(query_string=words, date=days_ago(age), hits=hits)


def panel_rows(html):
    """[(words, count)] of the panel's table, in order."""
    return [
        (unescape(words), int(count))
        for words, count in re.findall(
            r'<th scope="row">« (.*?) »</th>\s*<td>(\d+)</td>', html, re.S
        )
    ]


def test_the_panel_lists_the_most_searched_words_of_30_days_with_their_actions(client, publisher):
    add_rows(
        ("cours du soir", 0, 2),
        ("cours du soir", 29, 3),  # same words, an older day: summed
        ("permis de conduire", 1, 4),
        ("vieille recherche", 30, 50),  # beyond 30 days
        ("très vieille", 95, 80),
    )
    promoted = Query.get("permis de conduire")
    client.force_login(publisher)
    html = panel(client.get(DASHBOARD).content.decode(), PANEL)
    assert "Recherches sans résultat (30 derniers jours)" in html
    assert panel_rows(html) == [("cours du soir", 5), ("permis de conduire", 4)]
    synonym_add = reverse(SearchSynonym.snippet_viewset.get_url_name("add"))
    assert link(html, "Ajouter un synonyme pour « cours du soir »") == synonym_add
    # Wagtail knows these words (every counted search is a Query): their promotions, typed.
    assert link(html, "Promouvoir une page pour « permis de conduire »") == reverse(
        "wagtailsearchpromotions:edit", args=[promoted.pk]
    )
    assert link(html, "Promouvoir une page pour « cours du soir »") == reverse(
        "wagtailsearchpromotions:add"
    )
    assert link(html, "Voir toutes les recherches sans résultat") == REPORT
    # Every link opens for the publisher.
    for url in (synonym_add, reverse("wagtailsearchpromotions:edit", args=[promoted.pk])):
        assert client.get(url).status_code == 200
    edit = client.get(reverse("wagtailsearchpromotions:edit", args=[promoted.pk]))
    assert 'value="permis de conduire"' in edit.content.decode()


def test_the_panel_shows_ten_searches_at_most(client, publisher):
    add_rows(*[(f"mot {n}", 0, n) for n in range(1, 15)])
    client.force_login(publisher)
    rows = panel_rows(panel(client.get(DASHBOARD).content.decode(), PANEL))
    assert [words for words, _ in rows] == [f"mot {n}" for n in range(14, 4, -1)]


def test_an_empty_panel_says_so(client, publisher):
    add_rows(("trop ancienne", 31, 3))
    client.force_login(publisher)
    html = panel(client.get(DASHBOARD).content.decode(), PANEL)
    assert "Aucune recherche sans résultat ces 30 derniers jours" in html
    assert "<table" not in html


def test_who_cannot_act_sees_neither_panel_nor_report(client, django_user_model):
    add_rows(("cours du soir", 0, 2))
    # Rédaction reads the synonyms and adds no editor's pick; Coordination PPLI neither.
    for user in (make_redacteur(django_user_model), make_coordinator(django_user_model)):
        client.force_login(user)
        html = client.get(DASHBOARD).content.decode()
        assert panel(html, PANEL) is None
        assert "recherches-sans-resultat" not in sidebar_items(html)
        # Wagtail sends them back to the dashboard with a message.
        assert client.get(REPORT).status_code in (302, 403)


def test_the_help_link_leads_to_its_section_of_the_guide(client, publisher):
    add_rows(("cours du soir", 0, 2))
    client.force_login(publisher)
    html = panel(client.get(DASHBOARD).content.decode(), PANEL)
    help_url = link(html, "Que faire de ces recherches ? (guide)")
    assert help_url == "/admin/guide/#recherches-sans-resultat"
    assert 'id="recherches-sans-resultat"' in client.get("/admin/guide/").content.decode()


def test_the_panel_costs_one_query_whatever_the_number_of_searches(client, publisher):
    client.force_login(publisher)
    client.get(DASHBOARD)  # Wagtail's once-per-process reads
    _, without = cold_get(client, DASHBOARD)
    add_rows(("cours du soir", 0, 2))
    _, one = cold_get(client, DASHBOARD)
    add_rows(*[(f"mot {n}", n % 30, n) for n in range(40)])
    Query.get("mot 3")
    _, many = cold_get(client, DASHBOARD)
    assert one == many
    assert without == one


# The report


def test_the_report_lists_every_search_of_30_days_most_frequent_first(client, publisher):
    add_rows(
        ("cours du soir", 2, 3),
        ("cours du soir", 20, 1),
        ("permis de conduire", 5, 7),
        ("vieille recherche", 31, 90),
    )
    client.force_login(publisher)
    assert "recherches-sans-resultat" in sidebar_items(client.get(DASHBOARD).content.decode())
    html = client.get(REPORT).content.decode()
    assert "vieille recherche" not in html
    table = html[html.index("<table") :]
    assert table.index("permis de conduire") < table.index("cours du soir")
    assert days_ago(2).strftime("%Y") in table  # the last date, in words
    assert link(table, "Ajouter un synonyme pour « cours du soir »") == reverse(
        SearchSynonym.snippet_viewset.get_url_name("add")
    )
    assert link(table, "Promouvoir une page pour « cours du soir »") == reverse(
        "wagtailsearchpromotions:add"
    )
    by_words = client.get(REPORT, {"ordering": "query_string"}).content.decode()
    by_words = by_words[by_words.index("<table") :]
    assert by_words.index("cours du soir") < by_words.index("permis de conduire")


def test_the_report_exports_without_formulas(client, publisher):
    add_rows(('=hyperlink("http://evil.example","x")', 1, 2), ("cours du soir", 3, 1))
    client.force_login(publisher)
    rows = staff_csv_rows(client.get(REPORT, {"export": "csv"}))
    assert rows[0] == ["Recherche", "Nombre de recherches", "Dernière fois"]
    assert rows[1] == ['\'=hyperlink("http://evil.example","x")', "2", str(days_ago(1))]
    assert rows[2] == ["cours du soir", "1", str(days_ago(3))]
    xlsx = client.get(REPORT, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert "recherches-sans-resultat" in xlsx["Content-Disposition"]


# Retention


def test_purge_search_logs_deletes_the_counts_older_than_90_days():
    add_rows(("récente", 10, 1), ("limite", 90, 1), ("ancienne", 91, 1))
    out = io.StringIO()
    call_command("purge_search_logs", "--dry-run", stdout=out)
    assert "1 compte(s)" in out.getvalue() and ZeroResultSearch.objects.count() == 3
    call_command("purge_search_logs", stdout=io.StringIO())
    assert set(ZeroResultSearch.objects.values_list("query_string", flat=True)) == {
        "récente",
        "limite",
    }
