"""Security headers on public pages, the Wagtail admin and previews (README)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from tests.conftest import SITE_MAP_URLS, page_at
from tests.portal.test_settings import settings_probe

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/contact/general/",
    "/recherche/?q=ppli",
    "/ppli/plan-2017-2020/",
    "/thematiques/asile/",
]
VIDEO_HOSTS = {"https://www.youtube.com", "https://player.vimeo.com"}
# Inline code the public policy would block: a <script> without src that is not a data
# block (JSON), an on…= event handler attribute, a style= attribute or a <style> element.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")")
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[a-z][^>]*\sstyle\s*=|<style[\s>]", re.IGNORECASE)

VIDEO_PAGE = "/presentation/qui-sommes-nous/"
VIDEO_URL = "https://www.youtube.com/watch?v=cai-namur"
# What YouTube's oEmbed answers, stored so that no request leaves the machine.
VIDEO_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube.com/embed/cai-namur?feature=oembed"'
    ' frameborder="0" allow="autoplay; encrypted-media; picture-in-picture" allowfullscreen>'
    "</iframe>"
)


def add_video(url_path=VIDEO_PAGE):
    """Publish a YouTube video (an EmbedBlock) at the end of the page at `url_path`."""
    Embed.objects.get_or_create(
        hash=get_embed_hash(VIDEO_URL),
        defaults={
            "url": VIDEO_URL,
            "html": VIDEO_HTML,
            "type": "video",
            "width": 200,
            "height": 113,
        },
    )
    page = page_at(url_path)
    page.body.append(("embed", {"embed": VIDEO_URL, "title": "Le C.A.I. en vidéo"}))
    page.save_revision().publish()


def policy(response, header="Content-Security-Policy"):
    """The response's CSP as {directive: set of sources}."""
    directives = (part.split() for part in response[header].split(";") if part.strip())
    return {name: set(sources) for name, *sources in directives}


def assert_common_headers(response):
    """The headers every HTML answer carries, public or admin."""
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def assert_public_policy(response):
    """The strict policy: our own scripts and styles only, nothing inline, no eval."""
    csp = policy(response)
    assert csp["default-src"] == {"'self'"}
    assert csp["script-src"] == {"'self'"}
    assert csp["style-src"] == {"'self'"}
    # The directory map's tiles: that one host only (DIRECTORY_TILE_URL).
    assert csp["img-src"] == {"'self'", "data:", "https://tile.openstreetmap.org"}
    assert csp["frame-src"] == VIDEO_HOSTS
    assert csp["object-src"] == {"'none'"}
    assert csp["base-uri"] == {"'self'"}
    assert csp["form-action"] == {"'self'"}
    assert csp["frame-ancestors"] == {"'self'"}


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("csp", "csp@example.org", "x")
    client.force_login(user)
    return user


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_the_strict_policy(client, url):
    """Visitors' pages get the strict policy and every other header."""
    response = client.get(url)
    assert response.status_code == 200
    assert_public_policy(response)
    assert_common_headers(response)


def test_a_page_served_from_the_page_cache_keeps_its_headers(client):
    """A page answered from a cache still gets the headers (middleware order)."""
    client.get("/thematiques/")
    response = client.get("/thematiques/")
    assert_public_policy(response)
    assert_common_headers(response)


def test_error_pages_carry_the_strict_policy(client):
    """A 404 page is a public page like any other."""
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert_public_policy(response)


@pytest.mark.parametrize(
    "url",
    [url for url in SITE_MAP_URLS if not url.startswith(("/admin", "/api", "/sitemap", "/robots"))],
)
def test_public_templates_hold_no_inline_code(client, url):
    """Every page of the site map renders without code the public policy blocks."""
    html = client.get(url).content.decode()
    assert not INLINE_SCRIPT.search(html), "script inline : à déplacer dans portal/static/js/"
    assert not INLINE_HANDLER.search(html), "gestionnaire d'événement inline (onclick=…)"
    assert not INLINE_STYLE.search(html), "style inline : à déplacer dans portal/static/css/"


def test_video_embeds_render_without_inline_style(client):
    """Wagtail's responsive embed wrapper uses style=; ours does not, and the host is framed."""
    add_video()
    response = client.get(VIDEO_PAGE)
    html = response.content.decode()
    assert 'src="https://www.youtube.com/embed/cai-namur' in html
    assert 'title="Le C.A.I. en vidéo"' in html
    assert not INLINE_STYLE.search(html)
    assert "https://www.youtube.com" in policy(response)["frame-src"]


def test_editors_see_public_pages_under_the_strict_policy(client, editor):
    """Wagtail's userbar does not widen the policy of a public page."""
    response = client.get("/thematiques/asile/")
    assert "wagtail-userbar" in response.content.decode()
    assert_public_policy(response)


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/images/"])
def test_admin_pages_carry_the_admin_policy(client, editor, url):
    """The admin's own pages get the public policy plus ADMIN_CSP_ADDITIONS."""
    response = client.get(url)
    assert response.status_code == 200
    assert_admin_policy(response)
    assert_common_headers(response)


def test_admin_login_carries_the_admin_policy(client):
    """The admin's login page, before any session, is an admin page too."""
    response = client.get("/admin/login/")
    assert_admin_policy(response)
    assert_common_headers(response)


def test_page_editor_carries_the_admin_policy(client, editor):
    """The page editor, where Wagtail's inline scripts run, gets the admin policy."""
    response = client.get(f"/admin/pages/{page_at('/contact/general/').pk}/edit/")
    assert response.status_code == 200
    assert_admin_policy(response)
    assert_common_headers(response)


def assert_admin_policy(response):
    """The public policy plus what Wagtail's admin needs: inline code, blob: images, frames."""
    csp = policy(response)
    assert csp["script-src"] == {"'self'", "'unsafe-inline'"}
    assert csp["style-src"] == {"'self'", "'unsafe-inline'"}
    assert csp["img-src"] == {"'self'", "data:", "https://tile.openstreetmap.org", "blob:"}
    assert csp["frame-src"] == VIDEO_HOSTS | {"'self'"}
    for directive in ("base-uri", "form-action", "frame-ancestors"):
        assert csp[directive] == {"'self'"}
    assert csp["object-src"] == {"'none'"}
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url", ["/contact/general/", "/thematiques/asile/", "/ppli/plan-2017-2020/"]
)
def test_previews_carry_the_public_policy(client, editor, url):
    """A preview shows the page as visitors will get it, framed by the admin only."""
    page = page_at(url)
    revision = page.save_revision(user=editor)
    for preview_url in (
        f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{page.pk}/view_draft/",
    ):
        response = client.get(preview_url)
        assert response.status_code == 200
        assert escape(page.title) in response.content.decode()
        assert_public_policy(response)
        assert_common_headers(response)


def test_documents_keep_wagtails_own_policy(client):
    """Wagtail sends documents with default-src 'none'; the site's policy never widens it."""
    document = get_document_model().objects.first()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_csp_report_only_sends_the_policy_as_a_report():
    """CSP_REPORT_ONLY=true moves the policy to the report-only header."""
    enforced, reported = settings_probe(
        "portal.settings.dev",
        "[settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY]",
        CSP_REPORT_ONLY="true",
    )
    assert enforced is None
    assert reported["DIRECTIVES"]["script-src"] == ["'self'"]


def test_report_only_mode_still_widens_the_admin(client, editor, settings):
    """In report-only mode the admin's report carries its additions too."""
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    public = client.get("/thematiques/asile/")
    admin = client.get("/admin/")
    assert "Content-Security-Policy" not in public
    assert policy(public, "Content-Security-Policy-Report-Only")["script-src"] == {"'self'"}
    assert "'unsafe-inline'" in policy(admin, "Content-Security-Policy-Report-Only")["script-src"]


def test_hsts_only_in_production():
    """Production pins HTTPS for a year; dev never pins a developer's browser."""
    production = settings_probe(
        "portal.settings.production",
        "[settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " settings.SECURE_SSL_REDIRECT]",
        SECRET_KEY="probe",
        ALLOWED_HOSTS="www.cainamur.be",
    )
    assert production == [60 * 60 * 24 * 365, True, True]
    assert settings_probe("portal.settings.dev", "settings.SECURE_HSTS_SECONDS") == 0


def test_https_answers_carry_hsts_with_production_values(client, settings):
    """With production's values, HTTPS answers carry Strict-Transport-Security."""
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/thematiques/asile/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/thematiques/asile/")


def test_video_embeds_are_limited_to_the_framed_hosts():
    """Editors can only embed from the hosts the policy lets the site frame."""
    from wagtail.embeds.finders import get_finders

    def accepted(url):
        return any(finder.accept(url) for finder in get_finders())

    assert accepted("https://www.youtube.com/watch?v=abc")
    assert accepted("https://youtu.be/abc")
    assert accepted("https://vimeo.com/123456")
    assert not accepted("https://www.dailymotion.com/video/x8abc")
    assert not accepted("https://soundcloud.com/someone/a-track")
