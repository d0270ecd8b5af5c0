"""Shared fixtures: the initial content is loaded once per test session."""

import io
import sqlite3

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from wagtail.models import Page, Site

from home.models import HomePage
from ppli.initial_content import grant_coordination
from ppli.models import PPLIIndexPage

# The migrations that make the editor groups, their permissions and the review workflow, in
# the order they run.
GROUP_MIGRATIONS = [
    ("home", "0002_editor_groups_and_workflow"),
    ("home", "0004_publication_manages_navigation"),
    ("glossary", "0002_editor_permissions"),
    ("search", "0002_publication_manages_promotions"),
    ("ppli", "0003_coordination_group"),
    ("home", "0006_publication_reads_contact_messages"),
    ("ppli", "0007_signup_decide_permission"),
    ("ppli", "0009_editors_manage_partners"),
    # Gives 0009's audience permissions to taxonomies.Audience, where the model moved.
    ("ppli", "0010_audience_to_taxonomies"),
    ("home", "0010_publication_deletes_files"),
    ("ppli", "0016_coordination_deletes_signups"),
    ("network", "0002_coordination_handles_network"),
]

# The site map of DESIGN.md: every URL a visitor can reach from the menu or footer.
SITE_MAP_URLS = [
    "/",
    "/presentation/",
    "/presentation/qui-sommes-nous/",
    "/presentation/missions-decretales/",
    "/presentation/equipe/",
    "/presentation/mandats/",
    "/actions-services/",
    "/actions-services/parcours-integration/",
    "/actions-services/accompagnement/",
    "/actions-services/reseau-actions-locales/",
    "/actions-services/formations/",
    "/actions-services/sensibilisation/",
    "/actions-services/interpellation/",
    "/thematiques/",
    *[
        f"/thematiques/{slug}/"
        for slug in [
            "asile",
            "citoyennete",
            "diversite",
            "fle-alpha-ran",
            "interculturalite",
            "logement",
            "lutte-contre-le-racisme",
            "mena",
            "migrants-en-transit",
            "migrations",
            "mobilite",
            "sans-papiers",
            "sante",
            "sociojuridique",
            "volontariat",
        ]
    ],
    "/ressources/",
    "/ressources/outils-et-publications/",
    "/ressources/chiffres/",
    "/ressources/actus-du-secteur/",
    "/ressources/repertoires-et-cartographies/",
    "/campagne-discrimination/",
    "/ukraine/",
    "/contact/",
    "/contact/general/",
    "/contact/bureaux-d-accueil/",
    "/glossaire/",
    "/protection-des-donnees/",
    "/ppli/",
    "/ppli/plan-2017-2020/",
    "/ppli/plan-2017-2020/preambule/",
    "/ppli/plan-2017-2020/pli-et-ppli/",
    "/ppli/plan-2017-2020/enjeux-essentiels/",
    "/ppli/plan-2017-2020/declinaison/",
    "/ppli/plan-2017-2020/construction-plan-action/",
    "/ppli/plan-2017-2020/concepts/",
    "/ppli/groupes-de-travail/",
    "/ppli/historique/",
    # PPLI 2.0 in action (network/): in the PPLI's menu.
    "/ppli/constats-de-terrain/",
    "/ppli/reactualisation/",
    "/ppli/demande-d-expertise/",
    "/recherche/?q=ppli",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v2/",
    "/admin/",
]


# Pages of the site map whose text the seeds do not give: drafts for staff, never served, and
# the section pages that only list them (home/data/pages.yaml).
DRAFT_URLS = [
    "/presentation/equipe/",
    "/presentation/mandats/",
    "/actions-services/parcours-integration/",
    "/actions-services/accompagnement/",
    "/actions-services/reseau-actions-locales/",
    "/actions-services/formations/",
    "/actions-services/sensibilisation/",
    "/ressources/chiffres/",
    "/campagne-discrimination/",
    "/ukraine/",
    "/contact/bureaux-d-accueil/",
]
LIVE_SITE_MAP_URLS = [url for url in SITE_MAP_URLS if url not in DRAFT_URLS]


# The in-memory SQLite test database as it was once the initial content was loaded: a
# transactional test empties the database, and copying this back (SQLite's backup API) takes
# milliseconds where loading the content again takes some twenty seconds.
SNAPSHOT = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real initial content once; each test runs in a transaction rolled back after."""
    with django_db_blocker.unblock():
        call_command("load_initial_content", stdout=io.StringIO())
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.ensure_connection()
            SNAPSHOT["sqlite"] = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(SNAPSHOT["sqlite"])


@pytest.fixture
def live_content(transactional_db):
    """The initial content for a transactional test (browser, threads).

    Transactional tests empty the database when they end; the next one gets the content back:
    on SQLite in memory, the copy taken after the first load; elsewhere, loaded again (the
    command can do it from an empty database).
    """
    if HomePage.objects.exists():
        return
    if "sqlite" in SNAPSHOT:
        connection.ensure_connection()
        SNAPSHOT["sqlite"].backup(connection.connection)
        # The rows' ids are the copy's: forget those the emptied database had handed out.
        ContentType.objects.clear_cache()
        cache.clear()
        return
    call_command("load_initial_content", stdout=io.StringIO())
    restore_editor_groups()


def restore_editor_groups():
    """Run again the data migrations that made the editor groups: the database a
    transactional test empties keeps no row a migration wrote. (serialized_rollback cannot
    help: other transactional tests empty it without it.)"""
    loader = MigrationLoader(connection)
    editor = connection.schema_editor()
    for key in GROUP_MIGRATIONS:
        apps = loader.project_state(key, at_end=True).apps
        for operation in loader.get_migration(*key).operations:
            if isinstance(operation, RunPython):
                operation.code(apps, editor)
    grant_coordination(PPLIIndexPage.objects.get())


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    return site.root_page.specific


def page_at(url_path):
    """The specific page (live or draft) at a site-relative URL path."""
    site = Site.objects.get(is_default_site=True)
    page = site.root_page
    for slug in url_path.strip("/").split("/"):
        if slug:
            page = page.get_children().get(slug=slug)
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test leaves cached pages behind."""
    cache.clear()
