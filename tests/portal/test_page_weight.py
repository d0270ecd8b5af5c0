"""The home page stays light: under 150 KB with its CSS, JS, fonts and icons (uncompressed,
so what travels is less), and no third-party resource."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET = 150 * 1024


def assets(html):
    """The stylesheets, fonts, icons and scripts the page asks for: (url, blocks rendering?)."""
    found = []
    for tag in re.findall(r"<link [^>]*>", html):
        if 'rel="stylesheet"' in tag or 'rel="preload"' in tag:
            href = re.search(r'href="([^"]+)"', tag).group(1)
            found.append((href, 'rel="stylesheet"' in tag and 'media="print"' not in tag))
    sprites = {re.sub(r"#.*", "", href) for href in re.findall(r'<use href="([^"]+)"', html)}
    found.extend((sprite, False) for sprite in sprites)
    for tag in re.findall(r"<script [^>]*>", html):
        src = re.search(r'src="([^"]+)"', tag)
        if src:
            found.append((src.group(1), "defer" not in tag and "async" not in tag))
    return found


def static_size(url):
    path = urlsplit(url).path.removeprefix(settings.STATIC_URL)
    return Path(finders.find(path)).stat().st_size


def test_home_page_weighs_less_than_150_kb_fonts_included(client):
    response = client.get("/")
    html = response.content.decode()
    files = assets(html)
    assert len([url for url, _ in files if url.endswith(".woff2")]) == 2, "two font weights"
    assert any(url.endswith("icons.svg") for url, _ in files)
    total = len(response.content) + sum(static_size(url) for url, _ in files)
    assert total < BUDGET, f"{total} octets"


def test_no_third_party_resource_blocks_rendering(client):
    html = client.get("/").content.decode()
    for url, blocking in assets(html):
        local = url.startswith("/") and not url.startswith("//")
        assert local, f"ressource tierce{' bloquante' if blocking else ''} : {url}"
    assert not re.search(r'<(script|img|iframe)[^>]+src="(https?:)?//', html)
    assert not re.search(r'<link [^>]*rel="(stylesheet|preload)"[^>]+href="(https?:)?//', html)
