"""What the site search keeps about its own use: the searches that found nothing, per day.

Wagtail's search_promotions counts every search (Query, QueryDailyHits); the searches that
found nothing are kept here, apart, so that the editors' dashboard lists them without reading
every search of the month.
"""

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

# What the dashboard panel and the report look back on.
RECENT_DAYS = 30


class ZeroResultSearchQuerySet(models.QuerySet):
    """Zero-result searches, summed by query over a period."""

    def since(self, days=RECENT_DAYS):
        """The rows of the last `days` days, today included."""
        return self.filter(date__gt=timezone.now().date() - datetime.timedelta(days=days))

    def by_query(self):
        """One row per query: {query_string, total, last_date}, most searched first."""
        return (
            self.order_by()
            .values("query_string")
            .annotate(total=Sum("hits"), last_date=Max("date"))
            .order_by("-total", "-last_date", "query_string")
        )


class ZeroResultSearch(models.Model):
    """How many times, on a day, visitors searched for words that found nothing.

    Bots and addresses beyond the rate limit are not counted (search/statistics.py).
    """

    # Written by visitors' searches and shown only to staff: saving one must not empty the
    # page cache.
    page_cache_ignore = True

    query_string = models.CharField(
        "recherche",
        max_length=MAX_QUERY_STRING_LENGTH,
        help_text="Les mots cherchés, en minuscules, comme Wagtail les enregistre.",
    )
    date = models.DateField("jour")
    hits = models.PositiveIntegerField("nombre de recherches", default=1)

    objects = ZeroResultSearchQuerySet.as_manager()

    class Meta:
        verbose_name = "recherche sans résultat"
        verbose_name_plural = "recherches sans résultat"
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "date"], name="search_zeroresult_query_date"
            )
        ]
        indexes = [models.Index(fields=["date"], name="search_zeroresult_date")]

    def __str__(self):
        return f"{self.query_string} ({self.date:%d/%m/%Y} : {self.hits})"

    @classmethod
    def record(cls, query):
        """Count one search for `query` today.

        Once the words are known for the day, one UPDATE counts the search (as
        search.views.record_search does for all searches); the day's first search creates the
        row, and two first searches at once count both (the loser of the race updates).
        """
        query_string = normalise_query_string(query)
        if not query_string:
            return
        today = timezone.now().date()
        rows = cls.objects.filter(query_string=query_string, date=today)
        if rows.update(hits=F("hits") + 1):
            return
        try:
            # Inside a savepoint: a failed INSERT must not break the request's transaction.
            with transaction.atomic():
                cls.objects.create(query_string=query_string, date=today)
        except IntegrityError:
            rows.update(hits=F("hits") + 1)
