"""Helpers for the dashboard's tests (tests/<app>/test_dashboard.py): users of the editors'
groups, reading a panel and following its links."""

import json
import re
import uuid
from html import unescape

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from ppli.models import WorkingGroupPage, WorkingGroupSignup

DASHBOARD = "/admin/"
EDIT_LINK = re.compile(r'href="/admin/pages/(\d+)/edit/"')


def make_redacteur(user_model):
    """A member of the Rédaction group."""
    user = user_model.objects.create_user(
        "redac", "redac@example.org", "x", first_name="Rita", last_name="Rédactrice"
    )
    user.groups.add(Group.objects.get(name="Rédaction"))
    return user


def make_coordinator(user_model):
    """A member of Coordination PPLI, who decides on sign-ups (ppli.decide_workinggroupsignup)."""
    user = user_model.objects.create_user("coord", "coord@example.org", "x")
    group = Group.objects.get(name="Coordination PPLI")
    content_type = ContentType.objects.get_for_model(WorkingGroupSignup)
    # Granted by ppli's migrations; made here too, so the tests do not hang on their order.
    decide, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="decide_workinggroupsignup",
        defaults={"name": "Peut accepter ou refuser une inscription"},
    )
    group.permissions.add(decide)
    user.groups.add(group)
    return user


def make_reader(user_model):
    """Someone with access to the admin and no page to edit."""
    group = Group.objects.create(name="Lecture seule")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = user_model.objects.create_user("lecteur", "lecteur@example.org", "x")
    user.groups.add(group)
    return user


def panel(html, panel_id):
    """The HTML of one dashboard panel (Wagtail's `{% panel %}`: <section id="…-section">)."""
    match = re.search(rf'<section[^>]*id="{panel_id}-section".*?</section>', html, re.S)
    return match.group(0) if match else None


def link_to(html, text):
    """The href of the link whose text is `text` (whitespace-insensitive, HTML unescaped)."""
    for href, inner in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
        if " ".join(unescape(inner).split()) == text:
            return unescape(href)
    raise AssertionError(f"no link « {text} »")


def listed_ids(client, url):
    """The ids of the pages a report lists, over all its pages (50 a page)."""
    ids, number = [], 1
    while True:
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}p={number}")
        assert response.status_code == 200
        found = [int(pk) for pk in EDIT_LINK.findall(response.content.decode())]
        if not found or set(found) <= set(ids):
            return ids
        ids.extend(found)
        number += 1


def sidebar_items(html):
    """The names of the admin menu's items (the sidebar is drawn from JSON)."""
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    names = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                names.add(node["name"])
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads(props))
    return names


def make_signup(n, group=None):
    """A pending request to join a working group."""
    group = group or WorkingGroupPage.objects.order_by("path").first()
    return WorkingGroupSignup.objects.create(
        submission=uuid.uuid4(),
        group=group,
        group_title=group.title,
        organisation_name=f"Organisation {n}",
        organisation_kind="associatif",
        contact_name="Awa Diallo",
        role="Coordinatrice",
        email=f"contact{n}@example.org",
        commune="Namur",
        consent_at=timezone.now(),
    )
