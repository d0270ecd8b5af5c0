"""The editors' dashboard: « À rédiger », « Dernières publications », the guide in the admin, and
the dashboard's query count for each kind of user."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import RequestFactory
from wagtail.admin.menu import reports_menu
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Task
from wagtail.rich_text import RichText

from home.content_loader import edited_by_people, edited_by_people_condition
from home.models import BasePage, ContentPage
from ppli.models import ActionPage, ObjectivePage
from resources.models import ResourceIndexPage
from testing.factories import ActionPageFactory, ResourcePageFactory
from testing.queries import cold_get
from tests.conftest import DRAFT_URLS, page_at
from tests.dashboard import (
    DASHBOARD,
    EDIT_LINK,
    link_to,
    listed_ids,
    make_coordinator,
    make_reader,
    make_redacteur,
    make_signup,
    panel,
    sidebar_items,
)

pytestmark = pytest.mark.django_db

REPORT = "/admin/a-rediger/"
GUIDE = "/admin/guide/"
# Each help link of the dashboard's panels leads to a section of the guide.
GUIDE_SECTIONS = [
    "tableau-de-bord",
    "a-rediger",
    "qualite-du-ppli",
    "ressources-incompletes",
    "repertoire-a-completer",
    "demandes-dinscription-en-attente",
    "dernieres-publications",
    "e-mails-non-envoyes",
    "documents-ouverts-a-tous-sur-des-pages-protegees",
]


@pytest.fixture
def redacteur(django_user_model):
    return make_redacteur(django_user_model)


@pytest.fixture
def coordinator(django_user_model):
    return make_coordinator(django_user_model)


@pytest.fixture
def publisher(django_user_model):
    user = django_user_model.objects.create_user(
        "pub", "pub@example.org", "x", first_name="Paul", last_name="Publieur"
    )
    user.groups.add(Group.objects.get(name="Publication"))
    return user


def expected_to_write():
    """What « À rédiger » must list, page by page in Python (the dashboard does it in SQL)."""
    drafts, missing = set(), set()
    for page in Page.objects.specific():
        if not page.live and page.first_published_at is None and not edited_by_people(page):
            drafts.add(page.pk)
        elif (
            page.live
            and isinstance(page, BasePage)
            and not isinstance(page, ObjectivePage | ActionPage)
            and (not page.intro or not len(page.body))
        ):
            missing.add(page.pk)
    return drafts, missing


# « À rédiger »


def test_the_sql_condition_agrees_with_edited_by_people(redacteur):
    draft = page_at("/presentation/equipe/")
    draft.save_revision(user=redacteur)
    live = page_at("/contact/general/")
    PageLogEntry.objects.log_action(live, "wagtail.edit", user=redacteur)
    by_sql = set(Page.objects.filter(edited_by_people_condition()).values_list("pk", flat=True))
    assert {draft.pk, live.pk} <= by_sql
    assert by_sql == {page.pk for page in Page.objects.all() if edited_by_people(page)}


def test_to_write_counts_the_loader_drafts_and_the_live_pages_without_text(client, redacteur):
    drafts, missing = expected_to_write()
    assert {page_at(url).pk for url in DRAFT_URLS} <= drafts
    client.force_login(redacteur)
    html = panel(client.get(DASHBOARD).content.decode(), "a-rediger")
    assert f"{len(drafts)} brouillons jamais publiés" in html
    assert f"{len(missing)} pages en ligne au chapeau ou au contenu vide" in html
    # Objectives and actions are followed by « Qualité du PPLI », not here.
    plan_items = set(ObjectivePage.objects.values_list("pk", flat=True))
    assert not plan_items & (drafts | missing)


def test_each_count_of_to_write_links_to_exactly_its_pages(client, redacteur):
    drafts, missing = expected_to_write()
    client.force_login(redacteur)
    html = panel(client.get(DASHBOARD).content.decode(), "a-rediger")
    drafts_url = link_to(html, f"{len(drafts)} brouillons jamais publiés")
    missing_url = link_to(html, f"{len(missing)} pages en ligne au chapeau ou au contenu vide")
    all_url = link_to(html, f"Voir les {len(drafts) + len(missing)} pages à rédiger")
    assert drafts_url == f"{REPORT}?motif=brouillon"
    assert missing_url == f"{REPORT}?motif=texte-manquant"
    assert set(listed_ids(client, drafts_url)) == drafts
    assert set(listed_ids(client, missing_url)) == missing
    everything = listed_ids(client, all_url)
    assert len(everything) == len(set(everything)) == len(drafts | missing)
    assert set(everything) == drafts | missing


def test_the_panel_shows_the_first_eight_pages_drafts_first_each_a_link_to_its_editor(
    client, redacteur
):
    client.force_login(redacteur)
    html = panel(client.get(DASHBOARD).content.decode(), "a-rediger")
    rows = re.findall(
        r'<li>\s*<a href="/admin/pages/(\d+)/edit/">(.*?)</a>\s*—(.*?)</li>', html, re.S
    )
    assert len(rows) == 8
    # Drafts first, in the order of the site map (the PPLI's draft spaces come before
    # « Équipe »).
    drafts, _ = expected_to_write()
    first = Page.objects.filter(pk__in=drafts).order_by("path").first()
    assert (str(first.pk), first.title) == rows[0][:2]
    assert all("brouillon jamais publié" in note for _, _, note in rows)


def test_a_page_leaves_the_list_once_written(client, redacteur):
    client.force_login(redacteur)
    drafts, missing = expected_to_write()
    draft = page_at("/presentation/equipe/")
    draft.save_revision(user=redacteur)  # a person took it over
    thematic = page_at("/thematiques/asile/")
    assert thematic.pk in missing
    thematic.intro = "Le droit d'asile en province de Namur."
    thematic.body = [("paragraph", RichText("<p>Qui accueille, où, comment.</p>"))]
    thematic.save_revision().publish()
    html = panel(client.get(DASHBOARD).content.decode(), "a-rediger")
    assert f"{len(drafts) - 1} brouillons jamais publiés" in html
    assert f"{len(missing) - 1} pages en ligne au chapeau ou au contenu vide" in html
    listed = listed_ids(client, REPORT)
    assert draft.pk not in listed and thematic.pk not in listed


def test_the_report_says_what_each_page_lacks(client, redacteur):
    client.force_login(redacteur)
    html = client.get(REPORT + "?motif=texte-manquant").content.decode()
    assert "Pages à rédiger" in html
    assert "En ligne : chapeau et contenu vides" in html
    assert "Brouillon jamais publié" not in html


def test_people_who_edit_no_page_see_neither_panel_nor_report(client, django_user_model):
    client.force_login(make_reader(django_user_model))
    html = client.get(DASHBOARD).content.decode()
    assert panel(html, "a-rediger") is None
    assert panel(html, "dernieres-publications") is None
    assert "pages à rédiger" not in html
    assert client.get(REPORT).status_code in (302, 403)
    assert "pages-a-rediger" not in sidebar_items(html)


def test_the_summary_counts_the_pages_to_write(client, redacteur):
    drafts, missing = expected_to_write()
    client.force_login(redacteur)
    html = client.get(DASHBOARD).content.decode()
    summary = re.search(r'<section class="w-summary".*?</section>', html, re.S).group(0)
    assert link_to(summary, f"{len(drafts) + len(missing)} pages à rédiger") == REPORT
    assert "pages-a-rediger" in sidebar_items(html)


# The dashboard's reports (register_report): each app registers its report once.
DASHBOARD_REPORTS = [
    ("pages-a-rediger", "Pages à rédiger", REPORT, "edit"),
    (
        "actions-ppli-a-completer",
        "Actions du PPLI à compléter",
        "/admin/ppli/actions-a-completer/",
        "tasks",
    ),
    (
        "ressources-incompletes",
        "Ressources incomplètes",
        "/admin/ressources-incompletes/",
        "doc-full",
    ),
    ("repertoire-a-completer", "Répertoire à compléter", "/admin/repertoire-a-completer/", "site"),
    (
        "recherches-sans-resultat",
        "Recherches sans résultat",
        "/admin/recherches-sans-resultat/",
        "search",
    ),
]


def reports_for(user):
    request = RequestFactory().get(DASHBOARD)
    request.user = user
    items = sorted(reports_menu.menu_items_for_request(request), key=lambda item: item.order)
    return [(item.name, item.label, item.url, item.icon_name) for item in items]


def test_each_report_is_under_reports_once_in_order_for_those_who_may_read_it(
    client, publisher, redacteur, django_user_model
):
    dashboard_reports = [item for item in reports_for(publisher) if item in DASHBOARD_REPORTS]
    assert dashboard_reports == DASHBOARD_REPORTS
    # Rédaction edits pages but may not act on searches; a reader sees none of them.
    assert [item for item in reports_for(redacteur) if item in DASHBOARD_REPORTS] == (
        DASHBOARD_REPORTS[:-1]
    )
    assert not [
        item for item in reports_for(make_reader(django_user_model)) if item in DASHBOARD_REPORTS
    ]
    client.force_login(publisher)
    for _name, title, url, _icon in DASHBOARD_REPORTS:
        response = client.get(url)
        assert response.status_code == 200
        assert title in response.content.decode()
        assert client.get(f"{url}resultats/").status_code == 200


# « Dernières publications »


def test_latest_publications_say_what_who_and_when_in_brussels_time(client, redacteur, publisher):
    published = []
    for url in ["/contact/general/", "/thematiques/asile/", "/thematiques/logement/"]:
        page = page_at(url)
        page.save_revision(user=publisher).publish(user=publisher)
        published.append(page)
    PageLogEntry.objects.filter(page=published[0], action="wagtail.publish").update(
        timestamp=datetime.datetime(2025, 7, 1, 12, 30, tzinfo=datetime.UTC)
    )
    client.force_login(redacteur)
    html = panel(client.get(DASHBOARD).content.decode(), "dernieres-publications")
    titles = re.findall(r'<a href="/admin/pages/(\d+)/edit/">', html)
    # Newest first; the back-dated one last.
    assert titles == [str(published[2].pk), str(published[1].pk), str(published[0].pk)]
    assert "publiée par Paul Publieur" in html
    # 12:30 UTC is 14:30 in Brussels in summer.
    assert "1 juillet 2025, 14:30" in html
    assert link_to(html, "Tout l'historique des publications").endswith("action=wagtail.publish")


def test_latest_publications_are_eight_at_most(client, redacteur, publisher):
    for page in ContentPage.objects.live()[:10]:
        page.save_revision(user=publisher).publish(user=publisher)
    client.force_login(redacteur)
    html = panel(client.get(DASHBOARD).content.decode(), "dernieres-publications")
    assert len(EDIT_LINK.findall(html)) == 8


def test_coordination_reads_only_its_own_sections_publications(client, coordinator, publisher):
    """Coordination PPLI is offered no page it cannot open (once, « Désolé, vous n'avez pas
    les autorisations »)."""
    outside, inside = page_at("/thematiques/asile/"), page_at("/ppli/plan-2017-2020/")
    for page in (outside, inside):
        page.save_revision(user=publisher).publish(user=publisher)
    client.force_login(coordinator)
    html = panel(client.get(DASHBOARD).content.decode(), "dernieres-publications")
    assert re.findall(r'<a href="/admin/pages/(\d+)/edit/">', html) == [str(inside.pk)]
    assert client.get(f"/admin/pages/{inside.pk}/edit/").status_code == 200


def test_coordination_reads_its_own_section_in_reports_and_pages_to_write(
    client, coordinator, publisher
):
    """Site history (and its export) and « À rédiger »: the plan's section only (and, in the
    history, the pages above it that Wagtail lets one pass through to reach it)."""
    import csv
    import io

    from home.dashboard import PagesToWrite
    from ppli.models import PPLIIndexPage

    landing = PPLIIndexPage.objects.get()
    outside = page_at("/thematiques/asile/")
    for page in (outside, page_at("/ppli/plan-2017-2020/")):
        page.save_revision(user=publisher).publish(user=publisher)
    client.force_login(coordinator)

    response = client.get("/admin/reports/site-history/?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    pages = Page.objects.filter(pk__in={int(row["ID"]) for row in rows})
    allowed = Page.objects.descendant_of(landing, inclusive=True) | landing.get_ancestors()
    assert pages.exists() and not pages.exclude(pk__in=allowed.values("pk")).exists()
    assert outside.pk not in pages.values_list("pk", flat=True)

    to_write = PagesToWrite(coordinator).pages()
    assert to_write.exists()
    assert not to_write.exclude(pk__in=landing.get_descendants(inclusive=True).values("pk"))
    assert "Asile" not in client.get("/admin/a-rediger/").content.decode()


# The guide


def test_the_guide_opens_in_the_admin_with_its_table_of_contents(client, redacteur):
    client.force_login(redacteur)
    response = client.get(GUIDE)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<h2 id="tableau-de-bord">11\. Tableau de bord</h2>', html)
    assert 'href="#tableau-de-bord"' in html  # the table of contents
    assert 'id="les-pages-a-rediger"' in html  # every heading gets an id, number left out
    for section in GUIDE_SECTIONS:
        assert f'id="{section}"' in html, section
    assert html.count("<h1") == 1  # the admin's header; the file's own title is dropped
    # A list nested three spaces under a numbered step stays a list (not "… : - Titre …").
    assert re.search(r"onglet <strong>Contenu</strong> :\s*<ul>", html)
    # The tasks' screens, linked from docs/ to the static files that serve them here.
    images = re.findall(r'<img alt="[^"]+" src="(/static/home/guide/[\w-]+\.png)"', html)
    assert len(images) == 4, images
    assert "../home/static" not in html


def test_every_help_link_of_the_dashboard_leads_to_a_section_of_the_guide(
    client, redacteur, coordinator
):
    assert client.get(GUIDE).status_code == 302  # anonymous: to the login page
    make_signup(1)
    anchors = set()
    for user in (redacteur, coordinator):
        client.force_login(user)
        html = client.get(DASHBOARD).content.decode()
        anchors |= set(re.findall(r'href="/admin/guide/#([^"]+)"', html))
    # « E-mails non envoyés » shows only after a failure (tests/home/test_contact_hardening.py).
    assert anchors == set(GUIDE_SECTIONS) - {
        "tableau-de-bord",
        "dernieres-publications",
        "e-mails-non-envoyes",
        # Only when a restricted page links a public document (tests/core/test_document_privacy.py).
        "documents-ouverts-a-tous-sur-des-pages-protegees",
    }
    guide = client.get(GUIDE).content.decode()
    for anchor in anchors:
        assert f'id="{anchor}"' in guide


def test_the_guide_is_in_every_admin_users_menu(client, redacteur, coordinator):
    for user in (redacteur, coordinator):
        client.force_login(user)
        assert "guide-de-redaction" in sidebar_items(client.get(DASHBOARD).content.decode())
        assert client.get(GUIDE).status_code == 200


def test_without_the_guide_file_the_view_says_so(client, redacteur, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    client.force_login(redacteur)
    response = client.get(GUIDE)
    assert response.status_code == 200
    assert "Le guide de rédaction n'est pas disponible" in response.content.decode()


# Query counts


def add_content(numbers):
    """More of everything the dashboard counts: loader-like drafts, actions with every problem,
    resources without file or link, documents titled by their file name, pending sign-ups,
    protected pages offering a public document."""
    section = page_at("/presentation/")
    objective = ObjectivePage.objects.order_by("path").first()
    library = ResourceIndexPage.objects.get()
    for n in numbers:
        section.add_child(instance=ContentPage(title=f"Brouillon {n}", slug=f"b-{n}", live=False))
        ActionPageFactory(parent=objective)
        ResourcePageFactory(parent=library)
        document = get_document_model()(title=f"note-{n}")
        document.file.save(f"note-{n}.txt", ContentFile(b"Une note."), save=False)
        document.save()
        make_signup(n)
        protected = section.add_child(
            instance=ContentPage(
                title=f"Protégée {n}",
                slug=f"p-{n}",
                body=json.dumps([{"type": "document", "value": {"document": document.pk}}]),
            )
        )
        PageViewRestriction.objects.create(
            page=protected, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )


# Wagtail's own panels and menu, plus: the summary's count (shared with « À rédiger »), the
# first pages to write, « Qualité du PPLI » (1), « Ressources incomplètes » (2: the resources,
# the documents titled by their file name, compared in Python), « Répertoire
# à compléter » (1), « Dernières publications » (1), « Documents ouverts à tous sur des pages
# protégées » (7 with such pages: the restricted paths, their pages, the documents' content
# type, the links, the private collections, the documents, the pages' titles; 2 for those who
# edit none of them). Wagtail's default workflow, inactive
# since home 0009, costs no query. Wagtail's « awaiting your review » panel asks once per active
# task whether the user may review it (active_tasks below): a cost of the workflows, not of the
# content.
REDACTION_QUERIES = 38
# Coordination PPLI edits the plan's pages, so it gets the page panels too, plus the pending
# sign-ups: their count (shared with the summary) and the oldest five; and, as a reviewer of the
# plan's workflow, the pages awaiting its review (1); and the network's three panels, with
# nothing waiting (4: network/dashboard.py).
COORDINATION_QUERIES = 37


@pytest.mark.parametrize(
    "user_fixture, expected",
    [("redacteur", REDACTION_QUERIES), ("coordinator", COORDINATION_QUERIES)],
)
def test_the_dashboard_costs_a_fixed_number_of_queries(client, request, user_fixture, expected):
    client.force_login(request.getfixturevalue(user_fixture))
    add_content(range(1))
    # Wagtail reads the form page types once per process (get_form_types): pay for it first,
    # whatever the order the tests run in.
    client.get(DASHBOARD)
    response, before = cold_get(client, DASHBOARD)
    assert response.status_code == 200
    add_content(range(1, 10))
    response, after = cold_get(client, DASHBOARD)
    assert response.status_code == 200
    tasks = active_tasks()
    assert (before, after) == (expected + tasks, expected + tasks), tasks


def active_tasks():
    """The active review tasks (the site's and the plan's, in the initial content)."""
    return Task.objects.filter(active=True).count()


def test_the_reports_csv_writes_no_formula(client, redacteur):
    client.force_login(redacteur)
    thematic = page_at("/thematiques/asile/")
    thematic.title = '=HYPERLINK("http://evil.example","x")'
    thematic.save_revision().publish()
    csv_text = b"".join(client.get(REPORT + "?export=csv").streaming_content).decode()
    assert '\'=HYPERLINK(""http://evil.example"",""x"")' in csv_text
    assert "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text
