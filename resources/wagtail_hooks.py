"""The library's and the news' contributions to the home page and the thematic pages."""

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import ngettext
from wagtail import hooks

from home.dashboard import register_report
from thematiques.models import SECTION_ORDER, SECTIONS_HOOK

from . import dashboard
from .models import ResourcePage
from .news import latest_news

THEMATIC_RESOURCES = 6
HOME_RESOURCES = 3
HOME_NEWS = 3
THEMATIC_NEWS = 3


def latest_resources(limit, thematic=None):
    """The newest live resources, tagged `thematic` if given: those a visitor can consult
    online (file, link or video) first, then by date and publication."""
    resources = ResourcePage.objects.live().public().defer_streamfields()
    if thematic is not None:
        resources = resources.filter(thematics=thematic)
    online = Q(document__isnull=False) | ~Q(external_url="") | ~Q(video_url="")
    return list(
        resources.annotate(online=ExpressionWrapper(online, output_field=BooleanField())).order_by(
            "-online",
            F("year").desc(nulls_last=True),
            F("date").desc(nulls_last=True),
            "-first_published_at",
            "title",
        )[:limit]
    )


def parent_url(page):
    """The URL of a page's parent, from its own: resources and news each have one index
    (their only allowed parent), so "all of them" links cost no query."""
    return page.url.rstrip("/").rsplit("/", 1)[0] + "/"


def resources_summary(resources):
    count = len(resources)
    return ngettext("%(count)d ressource", "%(count)d ressources", count) % {"count": count}


def news_summary(news):
    count = len(news)
    return ngettext("%(count)d actualité", "%(count)d actualités", count) % {"count": count}


@hooks.register(SECTIONS_HOOK, order=SECTION_ORDER["resources"])
def resources_section(thematic):
    """The latest resources tagged with the thematic, and a link to all of them."""
    resources = latest_resources(THEMATIC_RESOURCES, thematic)
    return {
        "template": "resources/includes/thematic_section.html",
        "resources": resources,
        "library_url": parent_url(resources[0]) if resources else "",
        "thematic": thematic,
        "anchor": "thematique-ressources",
        "heading": "Ressources",
        "summary": resources_summary(resources) if resources else "",
    }


def news_section(template, news, **extra):
    """A section listing `news`; the index (for the "all news" link) is looked up only if needed."""
    news = list(news)
    return {
        "template": template,
        "news": news,
        "news_index_url": parent_url(news[0]) if news else "",
        "summary": news_summary(news) if news else "",
        **extra,
    }


@hooks.register("home_page_sections")
def home_resources_section(home_page):
    """The latest resources of the library; hidden when there are none."""
    resources = latest_resources(HOME_RESOURCES)
    return {
        "template": "resources/includes/home_resources_section.html",
        "resources": resources,
        "library_url": parent_url(resources[0]) if resources else "",
    }


@hooks.register("home_page_sections")
def home_news_section(home_page):
    """The latest news on the home page; the section is hidden when there are none."""
    return news_section("resources/includes/home_news_section.html", latest_news(HOME_NEWS))


@hooks.register(SECTIONS_HOOK, order=SECTION_ORDER["news"])
def thematic_news_section(thematic):
    """The latest news tagged with the thematic; the section is hidden when there are none."""
    return news_section(
        "resources/includes/thematic_news_section.html",
        latest_news(THEMATIC_NEWS, thematic=thematic),
        thematic=thematic,
        anchor="thematique-actualites",
        heading="Actualités",
    )


# The editors' dashboard (dashboard.py).


# « Ressources incomplètes »: the panel, the report behind its count and its entry under
# « Rapports », for the groups that edit pages.
register_report(dashboard.IncompleteResourcesView)


@hooks.register("register_admin_viewset")
def register_resource_listings():
    """The "Actualités" and "Ressources" admin menu items: flat lists with an "add" button."""
    from .admin_listings import news_listing, resource_listing

    return [news_listing, resource_listing]


@hooks.register("insert_global_admin_js")
def document_title_asked():
    """A new document's title is typed, not taken from the file's name (see the script)."""
    return format_html(
        '<script src="{}" defer></script>', static("resources/admin/document-title.js")
    )
