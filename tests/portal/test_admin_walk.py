"""Every admin page each editor group can reach reads in French: a walk that follows the links
of the admin from its dashboard, as a person clicking everything would, and reads each page
with the checks of test_admin_french (no English word outside proper nouns, no "Ce(tte)")."""

import re
from collections import Counter, deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group

from tests.portal.test_admin_french import problems
from tests.ppli.test_signup_admin import make_signup

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.admin_walk]

# Pages of one shape (same path once numbers are set aside, same query keys) read alike: two
# of each are read.
PER_SHAPE = 2
# Where the walk stops for one group: far more than the admin's kinds of pages.
MOST_PAGES = 400
# Not admin pages to read: leaving, files, the public page in the editor's frame.
SKIPPED = re.compile(
    r"^/admin/(logout|login|password_reset|bulk)/"
    r"|/(preview|view_draft|view|compare)/"
    r"|[?&]export="
    r"|/admin/documents/usage/\d+/.*describe_on_delete"
    r"|/admin/reports/site-history/.*[?&]"
)


def shape(url):
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path), tuple(keys)


def admin_links(html):
    """The admin addresses a person can follow from the page: its links, and the side menu's
    (which Wagtail draws with JavaScript from a JSON description of its items)."""
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [anchor["href"] for anchor in soup.find_all("a", href=True)]
    for script in soup.find_all("script", id="wagtail-sidebar-props"):
        hrefs += re.findall(r'"url": "(/admin/[^"]*)"', script.string or "")
    for href in hrefs:
        href = href.split("#")[0]
        if href.startswith("/admin/"):
            yield href


def walk(client):
    """Each admin page the logged-in user reaches by links from the dashboard: {url: problems}
    for the pages that read wrong, and the links that led nowhere, with the page that offered
    them (not 200 once redirects are followed, or Wagtail's refusal)."""
    seen, shapes = set(), Counter()
    queue = deque([("/admin/", None)])
    wrong, dead, came_from = {}, {}, {}
    while queue and len(seen) < MOST_PAGES:
        url, referrer = queue.popleft()
        if url in seen or SKIPPED.search(url) or shapes[shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        came_from[url] = referrer
        shapes[shape(url)] += 1
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr-be", follow=True)
        if response.status_code != 200:
            dead[url] = (response.status_code, referrer)
            continue
        if response.redirect_chain and response.redirect_chain[-1][0] in ("/admin/", "/admin"):
            # Wagtail's answer to a refused page: back to the dashboard.
            dead[url] = ("refusé", referrer)
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if found := problems(html):
            wrong[url] = sorted(set(found))
        queue.extend((link, url) for link in admin_links(html))
    walk.came_from = came_from
    return seen, wrong, dead


def is_wagtails_offer_of_a_full_type(url):
    """Wagtail's list of the pages of one type (reached from « Pages utilisant… » when adding a
    page) always offers to add one; for a type that may exist once and already does (the home
    page, the glossary, the PPLI landing…), that offer ends in a refusal. Wagtail's own
    behaviour, for every user: reported upstream, not a link of the site."""
    match = re.fullmatch(r"/admin/pages/create/(\w+)/(\w+)/?", url)
    if not match:
        return False
    model = apps.get_model(*match.groups())
    return model.max_count is not None and model.objects.count() >= model.max_count


@pytest.mark.parametrize("group", ["Rédaction", "Publication", "Coordination PPLI"])
def test_every_admin_page_a_group_reaches_reads_french(client, django_user_model, group):
    make_signup()
    user = django_user_model.objects.create_user("personne", "personne@example.org", "x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    seen, wrong, dead = walk(client)

    assert len(seen) > 40, sorted(seen)
    assert not wrong, wrong
    dead = {url: why for url, why in dead.items() if not is_wagtails_offer_of_a_full_type(url)}
    assert not dead, dead
