"""The library's and the news' contributions to the home page and the thematic pages."""

from wagtail import hooks

from .models import ResourcePage
from .news import latest_news, live_news_index

THEMATIC_RESOURCES = 6
HOME_NEWS = 3
THEMATIC_NEWS = 3


@hooks.register("thematic_page_sections")
def resources_section(thematic):
    """The latest resources tagged with the thematic, and a link to all of them."""
    resources = (
        ResourcePage.objects.live().public().filter(thematics=thematic).order_by("-date", "title")
    )
    return {
        "template": "resources/includes/thematic_section.html",
        "resources": resources[:THEMATIC_RESOURCES],
        "thematic": thematic,
    }


def news_section(template, news, **extra):
    """A section listing `news`; the index (for the "all news" link) is looked up only if needed."""
    news = list(news)
    return {
        "template": template,
        "news": news,
        "news_index": live_news_index() if news else None,
        **extra,
    }


@hooks.register("home_page_sections")
def home_news_section(home_page):
    """The latest news on the home page; the section is hidden when there are none."""
    return news_section("resources/includes/home_news_section.html", latest_news(HOME_NEWS))


@hooks.register("thematic_page_sections")
def thematic_news_section(thematic):
    """The latest news tagged with the thematic; the section is hidden when there are none."""
    return news_section(
        "resources/includes/thematic_news_section.html",
        latest_news(THEMATIC_NEWS, thematic=thematic),
        thematic=thematic,
    )
