"""RSS 2.0 and Atom feeds of the sector news, at fixed addresses that every page advertises."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from thematiques.models import published_thematics

from .news import latest_news, live_news_index

FEED_ITEMS = 20
SITE_NAME = "C.A.I. Namur"
DEFAULT_DESCRIPTION = (
    "Les actualités du secteur publiées par le Centre d'action interculturelle "
    "de la province de Namur."
)


class NewsRssFeed(Feed):
    """The latest sector news as RSS 2.0."""

    author_name = "Centre d'action interculturelle de la province de Namur"

    def get_object(self, request, *args, **kwargs):
        """The published news index; without one there is no feed."""
        index = live_news_index()
        if index is None:
            raise Http404("Aucune page d'actualités publiée.")
        return index

    def title(self, index):
        """The feed's title."""
        return f"{index.title} | {SITE_NAME}"

    def link(self, index):
        """The news index (made absolute by the syndication framework)."""
        return index.url

    def description(self, index):
        """The index's introduction, or a generic description."""
        return index.intro or DEFAULT_DESCRIPTION

    def items(self, index):
        """The latest news, with their published thematics for the categories."""
        return latest_news(FEED_ITEMS).prefetch_related(
            Prefetch("thematics", queryset=published_thematics())
        )

    def item_title(self, item):
        """The news item's title."""
        return item.title

    def item_description(self, item):
        """The news item's introduction."""
        return item.intro

    def item_link(self, item):
        """The news item's address (made absolute by the syndication framework)."""
        return item.url

    def item_pubdate(self, item):
        """The news date, at midnight in the site's time zone."""
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item):
        """The last publication, never before the news date (Atom requires an update date)."""
        published = self.item_pubdate(item)
        return max(published, item.last_published_at) if item.last_published_at else published

    def item_categories(self, item):
        """The news item's thematics."""
        return [thematic.title for thematic in item.thematics.all()]


class NewsAtomFeed(NewsRssFeed):
    """The latest sector news as Atom."""

    feed_type = Atom1Feed

    def subtitle(self, index):
        """Atom has no description: the subtitle carries it."""
        return self.description(index)
