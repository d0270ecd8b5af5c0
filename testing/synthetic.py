"""Synthetic content on top of the initial content: a larger plan, library, news, directory,
agenda and network (field findings, expertise requests, consultation answers).

Shared by the query-count tests (tests/ppli/test_pages.py) and the benchmark
(scripts/benchmark, docs/performance.md), so both measure the same site. Everything is
deterministic: two runs build the same pages (the same day, for the agenda's upcoming
events, dated from today).
"""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from agenda.models import AgendaPage, EventKind
from directory.models import DirectoryPage, Language, OpeningHours, ServiceKind
from home.models import HomePage
from network.channels import current_consultation
from network.models import (
    REQUEST_PROGRESS,
    CommentStatus,
    Commune,
    Consultation,
    ConsultationAnswer,
    ConsultationParticipant,
    ExpertiseRequest,
    FieldFinding,
    FindingStatus,
    Urgency,
    Verdict,
)
from pagecache.signals import bump_now_and_on_commit
from ppli.models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    AxisPage,
    ObjectivePage,
    Organisation,
)
from resources.models import NewsIndexPage, ResourceIndexPage, ResourceKind, ResourcePage
from taxonomies.models import Audience
from testing.factories import (
    ActionPageFactory,
    DirectoryEntryPageFactory,
    EventPageFactory,
    NewsPageFactory,
    ObjectivePageFactory,
    ResourcePageFactory,
)
from thematiques.models import ThematicPage

# The initial content has no news: this many per unit of scale (100 for ten times).
NEWS_PER_SCALE = 10
NEWS_START = datetime.date(2025, 6, 30)


def grow_plan(times=10):
    """The plan `times` as large: `times - 1` copies of each objective beside it, same actions.

    Copies are tagged « Logement » and name DISCRI among their partners, so that thematic
    and that partner page grow with the plan too.
    """
    thematic = ThematicPage.objects.get(slug="logement")
    discri = Organisation.objects.get(slug="discri")
    for objective in list(ObjectivePage.objects.all()):
        axis = objective.get_parent()
        actions = list(ActionPage.objects.child_of(objective))
        for _ in range(times - 1):
            copy = ObjectivePageFactory(parent=axis, thematics=[thematic], text=objective.text)
            for action in actions:
                copy_action(action, copy, thematic, discri)


def copy_action(action, objective, thematic, discri):
    """A copy of `action` under `objective`: same text, partners (plus DISCRI), audiences, GT."""
    return ActionPageFactory(
        parent=objective,
        text=action.text,
        thematics=[thematic],
        organisation_links=[
            ActionOrganisation(organisation=o) for o in [discri, *action.organisations]
        ],
        audience_links=[ActionAudience(audience=a) for a in action.audiences],
        working_group=action.working_group,
    )


def synthetic_image(n, title):
    """A small plain-colour PNG image (its renditions cost what a photo's would to list)."""
    colour = ((n * 67) % 256, (n * 131) % 256, (n * 29) % 256)
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 500), colour).save(buffer, format="PNG")
    file = ImageFile(buffer, name=f"synthetique-{n}.png")
    return get_image_model().objects.create(title=title, file=file)


def two_thematics(thematics, n):
    """Two different thematics for item `n`, cycling so that each one gets its share."""
    size = len(thematics)
    # The second one's offset runs through 1 … size - 1: never the first one again.
    offset = 1 + (n // size) % (size - 1)
    return [thematics[n % size], thematics[(n + offset) % size]]


def add_resources(count):
    """`count` resources in the library: every type and year, two thematics, a third with a
    cover image (the newest ones among them, so the library's first page shows covers, as in
    the query-count comparisons), every other one for an audience."""
    library = ResourceIndexPage.objects.get()
    thematics = list(ThematicPage.objects.order_by("path"))
    audiences = list(Audience.objects.order_by("pk"))
    kinds = ResourceKind.values
    for n in range(count):
        tagged = two_thematics(thematics, n)
        cover = synthetic_image(n, f"Couverture synthétique {n + 1}") if n % 3 == 2 else None
        ResourcePageFactory(
            parent=library,
            title=f"Ressource synthétique {n + 1}",
            kind=kinds[n % len(kinds)],
            summary=f"Outil de travail sur {tagged[0].title.lower()} et {tagged[1].title.lower()}.",
            date=datetime.date(2010 + n % 15, 1 + n % 12, 1 + n % 28),
            thematics=tagged,
            audiences=[audiences[n % len(audiences)]] if audiences and n % 2 else [],
            cover_image=cover,
        )


def add_news(count, start=0):
    """`count` news items, one a week back from NEWS_START, two thematics, every other one
    with an image; `start` continues an earlier call's numbering."""
    news_index = NewsIndexPage.objects.get()
    thematics = list(ThematicPage.objects.order_by("path"))
    for n in range(start, start + count):
        tagged = two_thematics(thematics, n)
        image = None if n % 2 else synthetic_image(10_000 + n, f"Illustration synthétique {n + 1}")
        NewsPageFactory(
            parent=news_index,
            title=f"Actualité synthétique {n + 1}",
            intro=f"Du nouveau dans le secteur : {tagged[0].title.lower()}.",
            date=NEWS_START - datetime.timedelta(weeks=n),
            thematics=tagged,
            image=image,
        )


# Synthetic only: approximate centres of communes of the province, for entries spread over it.
COMMUNES = [
    ("5000", "Namur", 50.4669, 4.8675),
    ("5002", "Saint-Servais", 50.4781, 4.8397),
    ("5100", "Jambes", 50.4553, 4.8769),
    ("5030", "Gembloux", 50.5617, 4.6911),
    ("5300", "Andenne", 50.4897, 5.0942),
    ("5500", "Dinant", 50.2606, 4.9122),
    ("5590", "Ciney", 50.2942, 5.1008),
    ("5600", "Philippeville", 50.1958, 4.5433),
    ("5660", "Couvin", 50.0522, 4.4950),
    ("5580", "Rochefort", 50.1606, 5.2222),
    ("5060", "Sambreville", 50.4331, 4.6167),
    ("5190", "Jemeppe-sur-Sambre", 50.4622, 4.6647),
    ("5150", "Floreffe", 50.4347, 4.7567),
    ("5170", "Profondeville", 50.3756, 4.8694),
    ("5380", "Fernelmont", 50.5533, 4.9922),
]
# Entries per unit of scale: 1,000 at ten times (issue 18's benchmark).
ENTRIES_PER_SCALE = 100


def add_directory_entries(count, start=0):
    """`count` published entries spread over the province: every kind, a commune each, a point
    for four in five, hours for half, one or two languages, a thematic; `start` continues an
    earlier call's numbering."""
    directory = DirectoryPage.objects.get()
    kinds = list(ServiceKind.objects.order_by("pk"))
    languages = list(Language.objects.order_by("pk"))
    thematics = list(ThematicPage.objects.order_by("path"))
    for n in range(start, start + count):
        postcode, commune, lat, lon = COMMUNES[n % len(COMMUNES)]
        kind = kinds[n % len(kinds)]
        has_point = n % 5 != 4
        entry = DirectoryEntryPageFactory(
            parent=directory,
            title=f"{kind.name} synthétique {n + 1}",
            slug=f"service-synthetique-{n + 1}",
            kind=kind,
            description=f"Un service synthétique de type {kind.name}, à {commune}.",
            street=f"rue synthétique {n % 97 + 1}",
            postcode=postcode,
            commune=commune,
            latitude=f"{lat + (n % 11 - 5) * 0.004:.6f}" if has_point else None,
            longitude=f"{lon + (n % 7 - 3) * 0.006:.6f}" if has_point else None,
            phone="+32 81 00 00 00",
        )
        entry.languages.set(languages[n % len(languages) : n % len(languages) + 1 + n % 2])
        entry.thematics.set([thematics[n % len(thematics)]])
        if n % 2:
            OpeningHours.objects.create(
                entry=entry, weekday=1 + n % 5, opens=datetime.time(9), closes=datetime.time(12)
            )
        entry.save()  # the relations above, in the search index too


# Upcoming events per unit of scale (100 at ten times), spread over this many days from
# tomorrow; each session has this many places.
EVENTS_PER_SCALE = 10
EVENT_SPREAD_DAYS = 90
EVENT_CAPACITY = 10
# A session's start and end, by turn (Brussels time).
SESSION_TIMES = [
    (datetime.time(9, 30), datetime.time(12, 30)),
    (datetime.time(13, 30), datetime.time(16, 30)),
    (datetime.time(18), datetime.time(20)),
]


def agenda_page():
    """The agenda, created under the home page if the site has none."""
    agenda = AgendaPage.objects.first()
    if agenda is None:
        agenda = HomePage.objects.first().add_child(
            instance=AgendaPage(title="Agenda", slug="agenda")
        )
    return agenda


def event_sessions(n):
    """One to three weekly sessions for event `n`, open for registration (EVENT_CAPACITY
    places), the first within EVENT_SPREAD_DAYS days from tomorrow."""
    first = timezone.localdate() + datetime.timedelta(days=1 + (n * 7) % EVENT_SPREAD_DAYS)
    start, end = SESSION_TIMES[n % len(SESSION_TIMES)]
    return [
        {
            "date": first + datetime.timedelta(weeks=week),
            "start_time": start,
            "end_time": end,
            "capacity": EVENT_CAPACITY,
        }
        for week in range(1 + n % 3)
    ]


def add_events(count, start=0):
    """`count` published upcoming events in the agenda: every kind, two thematics, a commune
    each, every fourth one online (with its meeting link), every other one for an audience;
    `start` continues an earlier call's numbering."""
    agenda = agenda_page()
    thematics = list(ThematicPage.objects.order_by("path"))
    audiences = list(Audience.objects.order_by("pk"))
    kinds = EventKind.values
    for n in range(start, start + count):
        _, commune, _, _ = COMMUNES[n % len(COMMUNES)]
        online = n % 4 == 3
        tagged = two_thematics(thematics, n) if len(thematics) > 1 else thematics
        EventPageFactory(
            parent=agenda,
            title=f"Événement synthétique {n + 1}",
            slug=f"evenement-synthetique-{n + 1}",
            kind=kinds[n % len(kinds)],
            intro=f"Une rencontre synthétique à {commune}.",
            address=f"Salle synthétique {n % 13 + 1}\nrue synthétique {n % 97 + 1}, {commune}",
            commune=commune,
            online=online,
            online_url=f"https://visio.example.org/synthetique-{n + 1}" if online else "",
            free=n % 5 != 4,
            thematics=tagged,
            audiences=[audiences[n % len(audiences)]] if audiences and n % 2 else [],
            sessions=event_sessions(n),
        )


# The network (network/), per unit of scale: published findings (100 at ten times), expertise
# requests, and addresses answering the consultation (each on its thirteen items).
FINDINGS_PER_SCALE = 10
REQUESTS_PER_SCALE = 5
PARTICIPANTS_PER_SCALE = 10
FINDINGS_START = datetime.datetime(2025, 6, 30, 10, tzinfo=datetime.UTC)
REQUEST_STATUSES = [*REQUEST_PROGRESS]

# The network's records are written in bulk, not by network/channels.py: the writer sends two
# e-mails per finding or request and a confirmation per sending (hundreds of them once the
# benchmark's transaction commits), and spends a few queries per record on its tags and a
# dozen per confirmed sending, for records whose rules its own tests check
# (tests/network/test_channels.py). The rows are those the writer would leave.


def link_all(relation, pairs):
    """Tag the records in bulk: `relation` a ManyToManyField of FieldFinding (the descriptor),
    `pairs` (finding's id, tag's id)."""
    through = relation.through
    source, target = (field.attname for field in through._meta.fields if field.is_relation)
    through.objects.bulk_create([through(**{source: a, target: b}) for a, b in pairs])


def add_findings(count, start=0, published=True):
    """`count` field findings from synthetic partners: a commune each (every tenth one the
    whole province), one or two thematics, an axis, every other one for an audience. With
    `published`, kept and published (one every three days back from FINDINGS_START, with
    their public title and summary); otherwise received, waiting for moderation. `start`
    continues an earlier call's numbering."""
    communes = list(Commune.objects.order_by("name"))
    thematics = list(ThematicPage.objects.order_by("path"))
    axes = list(AxisPage.objects.order_by("path"))
    audiences = list(Audience.objects.order_by("pk"))
    numbers = range(start, start + count)
    findings = FieldFinding.objects.bulk_create(
        [
            FieldFinding(
                organisation=f"Partenaire synthétique {n % 37 + 1}",
                contact_name=f"Personne synthétique {n + 1}",
                email=f"constat-synthetique-{n + 1}@example.org",
                province_wide=n % 10 == 9,
                description=f"Un constat de terrain synthétique, le n° {n + 1}.",
                consent_at=timezone.now(),
                status=FindingStatus.KEPT if published else FindingStatus.RECEIVED,
                public_title=f"Constat synthétique {n + 1}" if published else "",
                public_summary=(
                    f"Ce que le réseau observe sur le terrain, résumé n° {n + 1}."
                    if published
                    else ""
                ),
                published_at=(
                    FINDINGS_START - datetime.timedelta(days=3 * n) if published else None
                ),
            )
            for n in numbers
        ]
    )
    pairs = list(zip(numbers, findings, strict=True))
    link_all(
        FieldFinding.communes,
        [(f.pk, communes[n % len(communes)].pk) for n, f in pairs if not f.province_wide],
    )
    link_all(
        FieldFinding.thematics,
        [
            (f.pk, thematic.pk)
            for n, f in pairs
            for thematic in two_thematics(thematics, n)[: 1 + n % 2]
        ],
    )
    link_all(FieldFinding.axes, [(f.pk, axes[n % len(axes)].pk) for n, f in pairs if axes])
    link_all(
        FieldFinding.audiences,
        [(f.pk, audiences[n % len(audiences)].pk) for n, f in pairs if audiences and n % 2],
    )
    if published:
        # Written without signals: the findings' pages change all the same.
        bump_now_and_on_commit()
    return findings


def add_expertise_requests(count, start=0):
    """`count` expertise requests, at every step of their progress, every urgency, a
    thematic and a commune each; `start` continues an earlier call's numbering."""
    communes = list(Commune.objects.order_by("name"))
    thematics = list(ThematicPage.objects.order_by("path"))
    urgencies = Urgency.values
    return ExpertiseRequest.objects.bulk_create(
        [
            ExpertiseRequest(
                name=f"Demandeur synthétique {n + 1}",
                organisation=f"Service synthétique {n % 23 + 1}",
                email=f"demande-synthetique-{n + 1}@example.org",
                context=f"Le contexte synthétique de la demande n° {n + 1}.",
                question=f"Quelle expertise du réseau pour la situation n° {n + 1} ?",
                thematic=thematics[n % len(thematics)] if thematics else None,
                commune=communes[n % len(communes)] if communes else None,
                urgency=urgencies[n % len(urgencies)],
                consent_at=timezone.now(),
                status=REQUEST_STATUSES[n % len(REQUEST_STATUSES)],
            )
            for n in range(start, start + count)
        ]
    )


def synthetic_answer(participant, item, n):
    """Answer `n`: each verdict by turn; every fourth one with a comment, published, waiting
    for moderation or refused by turn."""
    commented = n % 4 == 0
    statuses = CommentStatus.values
    return ConsultationAnswer(
        participant=participant,
        item=item,
        verdict=Verdict.values[n % len(Verdict.values)],
        comment=f"Commentaire synthétique n° {n + 1}." if commented else "",
        comment_status=statuses[n // 4 % len(statuses)] if commented else CommentStatus.PENDING,
    )


def add_consultation_answers(count):
    """`count` more addresses answering every item of the consultation, confirmed
    (synthetic_answer). A consultation without dates (the initial content's) is opened, from
    two weeks ago to two weeks from now. Returns the consultation."""
    consultation = current_consultation() or Consultation.objects.order_by("pk").first()
    if consultation.opens_on is None or consultation.closes_on is None:
        today = timezone.localdate()
        consultation.opens_on = today - datetime.timedelta(days=14)
        consultation.closes_on = today + datetime.timedelta(days=14)
        consultation.save()
    items = list(consultation.items.order_by("position", "pk"))
    start = consultation.participants.count()
    numbers = range(start, start + count)
    participants = ConsultationParticipant.objects.bulk_create(
        [
            ConsultationParticipant(
                consultation=consultation,
                email=f"consultation-{consultation.pk}-synthetique-{n + 1}@example.org",
            )
            for n in numbers
        ]
    )
    ConsultationAnswer.objects.bulk_create(
        [
            synthetic_answer(participant, item, n + i)
            for n, participant in zip(numbers, participants, strict=True)
            for i, item in enumerate(items)
        ]
    )
    # Written without signals: the consultation's page counts the answers.
    bump_now_and_on_commit()
    return consultation


def grow_site(times=10):
    """The PPLI and the library `times` as large, NEWS_PER_SCALE × `times` news items,
    ENTRIES_PER_SCALE × `times` directory entries, EVENTS_PER_SCALE × `times` events, and
    in the network FINDINGS_PER_SCALE × `times` published findings, REQUESTS_PER_SCALE ×
    `times` expertise requests and PARTICIPANTS_PER_SCALE × `times` addresses answering the
    consultation (which is opened).

    Returns what was added, by kind of page (the network's records are no pages).
    """
    resources = ResourcePage.objects.count() * (times - 1)
    news = NEWS_PER_SCALE * times
    objectives, actions = ObjectivePage.objects.count(), ActionPage.objects.count()
    entries = ENTRIES_PER_SCALE * times
    events = EVENTS_PER_SCALE * times
    grow_plan(times)
    add_resources(resources)
    add_news(news)
    add_directory_entries(entries)
    add_events(events)
    add_findings(FINDINGS_PER_SCALE * times)
    add_expertise_requests(REQUESTS_PER_SCALE * times)
    add_consultation_answers(PARTICIPANTS_PER_SCALE * times)
    return {
        "objectifs": ObjectivePage.objects.count() - objectives,
        "actions": ActionPage.objects.count() - actions,
        "ressources": resources,
        "actualités": news,
        "fiches du répertoire": entries,
        "événements": events,
    }
