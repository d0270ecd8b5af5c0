"""Sector news: the latest items (home page, thematic pages, feeds) and the index listing."""

from django import forms
from django.db.models import Prefetch
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, paginate
from home import images
from home.images import prefetch_image
from thematiques.models import published_thematics, thematic_choices

from .models import NewsIndexPage, NewsPage

PER_PAGE = 10
NEWS_ORDER = ("-date", "title")
ANY = [("", _("Toutes"))]


def latest_news(limit, thematic=None):
    """The `limit` newest live, public news items; only those tagged `thematic` if given."""
    news = NewsPage.objects.live().public()
    if thematic is not None:
        news = news.filter(thematics=thematic)
    return news.order_by(*NEWS_ORDER)[:limit]


def live_news_index():
    """The published news index, or None (there is at most one)."""
    return NewsIndexPage.objects.live().first()


class NewsFilterForm(FilterForm):
    """The thematic filter of the news index; an unknown value is dropped and reported."""

    thematique = forms.ChoiceField(label=_("Thématique"), required=False)

    def __init__(self, data, news):
        """The choices are the published thematics that a listed news item carries."""
        super().__init__(data)
        self.fields["thematique"].choices = ANY + thematic_choices(news)

    def chosen_thematic_title(self):
        """The title of the valid thematic asked for, or an empty string."""
        slug = self.cleaned_data.get("thematique", "")
        return dict(self.fields["thematique"].choices).get(slug, "") if slug else ""


def listed_news(news, thematic_slug=""):
    """`news` (the index's live public items) newest first, with thematics and thumbnails
    loaded in fixed queries."""
    if thematic_slug:
        news = news.filter(thematics__slug=thematic_slug)
    return news.prefetch_related(
        Prefetch("thematics", queryset=published_thematics()),
        prefetch_image("image", images.CARD),
    ).order_by(*NEWS_ORDER)


def news_index_context(index_page, request):
    """The filtered and paginated news of the index page; odd GET values never error."""
    # One `.public()` for the filter and the list: Wagtail reads the restrictions at each call.
    news = NewsPage.objects.child_of(index_page).live().public()
    form = NewsFilterForm(request.GET, news)
    wanted = form.wanted()
    news = listed_news(news, wanted.get("thematique", ""))
    results = paginate(news, PER_PAGE, request)
    return {
        "news_form": form,
        "news_results": results,
        "news_filters_active": bool(wanted),
        "news_thematic_title": form.chosen_thematic_title(),
        "news_ignored": form.ignored,
        # Only the filters actually applied travel to the other pages of results.
        "news_query_string": urlencode(wanted),
    }
