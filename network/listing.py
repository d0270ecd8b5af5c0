"""What the network's public pages read: the published findings with their filters, their
counts per thematic and per commune (the findings page's chart), a thematic's latest findings,
and the consultation's answers and results.

Every list is a fixed number of SQL queries however many findings or answers there are: the
filters' choices and the charts' counts are grouped queries, the findings' tags are prefetched
once per page of results.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Prefetch, Window
from django.db.models.functions import ExtractYear
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, paginate
from core.text import fold
from ppli.models import AxisPage
from resources.models import ResourcePage
from thematiques.models import published_thematics

from .models import (
    CommentStatus,
    Commune,
    ConsultationAnswer,
    ConsultationItem,
    PublishedFinding,
    Verdict,
)

PER_PAGE = 10
ANY_F = [("", _("Toutes"))]
ANY_M = [("", _("Tous"))]
# The commune filter's value for the findings about the whole province.
PROVINCE = "toute-la-province"
PROVINCE_LABEL = _("Toute la province")


def published_findings():
    """The findings visitors see, newest first."""
    return PublishedFinding.objects.order_by("-published_at", "-pk")


def public_axes():
    """The live, public axes of the plans, in the plans' order."""
    return AxisPage.objects.live().public().order_by("path")


# The charts and the filters' choices.


@dataclass
class Bar:
    """One bar of a chart: what it counts, how many, and its share of the longest bar (0 to
    100, the SVG's width) or of the whole (`percent`)."""

    label: str
    value: int
    width: int = 0
    percent: int | None = None


@dataclass
class Chart:
    """A bar chart drawn server-side (network_tags.bar_chart): its bars and their caption."""

    caption: str
    bars: list = field(default_factory=list)

    def __bool__(self):
        """A chart without bars is not drawn."""
        return bool(self.bars)


def chart(caption, counted, total=None):
    """A Chart of `counted` [(label, value)], in that order. Each bar's width is its share of
    the largest value; with a `total`, each bar also says its share of it (`percent`)."""
    largest = max((value for _label, value in counted), default=0)
    bars = []
    for label, value in counted:
        width = round(100 * value / largest) if largest else 0
        percent = round(100 * value / total) if total else None
        bars.append(Bar(str(label), value, width, percent))
    return Chart(str(caption), bars)


def thematics_counted(findings):
    """The live, public thematics that `findings` carry, each with `finding_count`: one query
    (the filter and the count use the same join)."""
    return (
        published_thematics()
        .filter(field_findings__in=findings.values("pk"))
        .annotate(finding_count=Count("field_findings"))
        .order_by("title")
    )


def communes_counted(findings):
    """The communes that `findings` name, each with `finding_count`: one query."""
    return (
        Commune.objects.filter(findings__in=findings.values("pk"))
        .annotate(finding_count=Count("findings"))
        .order_by("name")
    )


def years_and_province(findings):
    """The years (Brussels' calendar) in which `findings` were published, newest first, and
    how many of them are about the whole province: one grouped query."""
    rows = (
        findings.order_by()
        .annotate(year=ExtractYear("published_at"))
        .values_list("year", "province_wide")
        .annotate(count=Count("pk"))
    )
    years, province = set(), 0
    for year, province_wide, count in rows:
        years.add(year)
        if province_wide:
            province += count
    return sorted(years, reverse=True), province


def by_count(rows):
    """(label, count) rows, the largest count first, then alphabetically."""
    return sorted(rows, key=lambda row: (-row[1], fold(row[0])))


class FindingsFilterForm(FilterForm):
    """The findings' filters, read from the GET URL; an unknown value is dropped and named.

    Each filter offers only the values a published finding carries: a filter value always
    finds something."""

    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    axe = forms.ChoiceField(label=_("Axe du PPLI"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    annee = forms.ChoiceField(label=_("Année de publication"), required=False)

    def __init__(self, data, *, thematics, axes, communes, years, province):
        """The form with the choices read once by `findings_context` (they also draw the
        charts)."""
        super().__init__(data)
        self.fields["thematique"].choices = ANY_F + [(t.slug, t.title) for t in thematics]
        self.fields["axe"].choices = ANY_M + [
            (str(axis.pk), f"{axis.number} {axis.short_title}") for axis in axes
        ]
        province_choice = [(PROVINCE, PROVINCE_LABEL)] if province else []
        self.fields["commune"].choices = (
            ANY_F + province_choice + [(commune.slug, commune.name) for commune in communes]
        )
        self.fields["annee"].choices = ANY_F + [(str(year), str(year)) for year in years]

    def chosen(self):
        """The labels of the valid filters asked for: « Logement », « 2025 »…"""
        return [
            str(dict(self.fields[name].choices)[value]) for name, value in self.wanted().items()
        ]


def filtered(findings, wanted):
    """`findings` narrowed by the recognised filters."""
    if wanted.get("thematique"):
        findings = findings.filter(thematics__slug=wanted["thematique"])
    if wanted.get("axe"):
        findings = findings.filter(axes__pk=int(wanted["axe"]))
    if wanted.get("commune") == PROVINCE:
        findings = findings.filter(province_wide=True)
    elif wanted.get("commune"):
        findings = findings.filter(communes__slug=wanted["commune"])
    if wanted.get("annee"):
        findings = findings.filter(published_at__year=int(wanted["annee"]))
    return findings.distinct()


def with_tags(findings):
    """`findings` with their live thematics, communes and live resources (three prefetches,
    whatever the number of findings)."""
    return findings.prefetch_related(
        Prefetch("thematics", queryset=published_thematics()),
        Prefetch("communes", queryset=Commune.objects.order_by("name")),
        Prefetch(
            "resources",
            queryset=ResourcePage.objects.live().public().defer_streamfields().order_by("title"),
        ),
    )


def findings_context(findings_page, request):
    """The findings page's filters, results, pagination and charts; odd GET values never
    error."""
    findings = published_findings()
    thematics = list(thematics_counted(findings))
    communes = list(communes_counted(findings))
    axes = list(public_axes().filter(field_findings__in=findings.values("pk")).distinct())
    years, province = years_and_province(findings)
    form = FindingsFilterForm(
        request.GET,
        thematics=thematics,
        axes=axes,
        communes=communes,
        years=years,
        province=province,
    )
    wanted = form.wanted()
    results = paginate(with_tags(filtered(findings, wanted)), PER_PAGE, request)
    return {
        "findings_form": form,
        "findings_results": results,
        "findings_filters_active": bool(wanted),
        "findings_chosen": form.chosen(),
        "findings_ignored": form.ignored,
        # Only the filters actually applied travel to the other pages of results.
        "findings_query_string": urlencode(wanted),
        "findings_by_thematic": chart(
            _("Constats publiés par thématique"),
            by_count((thematic.title, thematic.finding_count) for thematic in thematics),
        ),
        "findings_by_commune": chart(
            _("Constats publiés par commune"),
            by_count(
                [(commune.name, commune.finding_count) for commune in communes]
                + ([(PROVINCE_LABEL, province)] if province else [])
            ),
        ),
        "findings_form_url": form_url(findings_page, request),
    }


def form_url(findings_page, request):
    """The address of the form « Remonter un constat de terrain » (no query)."""
    page_url = findings_page.get_url(request) if findings_page.pk else None
    return page_url + findings_page.reverse_subpage("form") if page_url else ""


def findings_for_thematic(thematic, limit):
    """The `limit` latest findings tagged with `thematic`, each with `total` (how many there
    are in all): one query, the count a window over the same rows."""
    return list(
        published_findings()
        .filter(thematics=thematic)
        .annotate(total=Window(Count("pk")))
        .only("pk", "public_title", "public_summary", "published_at")[:limit]
    )


# The consultation.


def participants_counted(consultation):
    """How many addresses have confirmed answers to `consultation`: one query."""
    return ConsultationAnswer.objects.filter(item__consultation=consultation).aggregate(
        count=Count("participant", distinct=True)
    )["count"]


@dataclass
class ItemResult:
    """One item's results: its counts per verdict, their chart and its published comments."""

    item: ConsultationItem
    counts: dict
    total: int
    chart: Chart
    comments: list


def consultation_results(consultation):
    """Per item (in their order): the answers per verdict, as counts and as a chart, and the
    comments staff published. Three queries, whatever the number of answers."""
    items = list(consultation.items.order_by("position", "pk"))
    counts = {}
    for row in (
        ConsultationAnswer.objects.filter(item__consultation=consultation)
        .values("item", "verdict")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        counts.setdefault(row["item"], {})[row["verdict"]] = row["count"]
    comments = {}
    for answer in (
        ConsultationAnswer.objects.filter(
            item__consultation=consultation, comment_status=CommentStatus.PUBLISHED
        )
        .exclude(comment="")
        .only("item_id", "verdict", "comment", "answered_at")
        .order_by("answered_at", "pk")
    ):
        comments.setdefault(answer.item_id, []).append(answer)
    results = []
    for item in items:
        item_counts = {verdict: counts.get(item.pk, {}).get(verdict, 0) for verdict in Verdict}
        total = sum(item_counts.values())
        results.append(
            ItemResult(
                item=item,
                counts=item_counts,
                total=total,
                chart=chart(
                    _("Réponses sur le constat n° %(number)s") % {"number": item.number},
                    [(verdict.label, item_counts[verdict]) for verdict in Verdict],
                    total=total,
                ),
                comments=comments.get(item.pk, []),
            )
        )
    return results


# The CSV's columns (resultats.csv), in French, as a spreadsheet shows them.
RESULTS_COLUMNS = [
    "Numéro",
    "Constat",
    *[str(verdict.label) for verdict in Verdict],
    "Réponses",
    "Commentaires publiés",
]


def results_rows(results):
    """The results as the CSV's rows (network/views.py: resultats.csv)."""
    return [
        {
            "Numéro": result.item.number,
            "Constat": result.item.text,
            **{str(verdict.label): result.counts[verdict] for verdict in Verdict},
            "Réponses": result.total,
            "Commentaires publiés": len(result.comments),
        }
        for result in results
    ]


# The thematic sections' filter of the findings: the live thematic's findings, by its slug.
THEMATIC_QUERY = "thematique"


def thematic_filter_query(thematic):
    """The findings page's query string for `thematic`'s findings."""
    return urlencode({THEMATIC_QUERY: thematic.slug})
