"""« Constats de terrain » (network/views.py, listing.py): the published findings with their
filters, pagination and charts, on their page and on their thematics' pages, in a number of
SQL queries that does not grow with them; and the form « Remonter un constat de terrain »
through the guarded form."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from network import channels
from network.models import Commune, FieldFinding, FindingsPage, FindingStatus
from ppli.models import AxisPage
from resources.models import ResourcePage
from taxonomies.models import Audience
from testing.queries import assert_queries
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

FINDINGS = "/ppli/constats-de-terrain/"
FORM = FINDINGS + "remonter/"
THEMATIC = "/thematiques/logement/"
# Cold queries of the findings page with published findings, whatever their number: the
# page's routing and text, the filters' choices and the charts' counts (thematics with their
# view restrictions, communes, axes, years), the count and page of findings, their
# thematics, communes and resources (network/listing.py).
FINDINGS_QUERIES = 34
# The thematic page with its findings' section: the latest three with their total (one
# query), the findings page's address (its view restrictions, then the page).
THEMATIC_QUERIES = 41


def published(n=1, *, thematics=(), communes=(), axes=(), province_wide=False, days_ago=0):
    """A field finding sent, kept, summarised and published `days_ago` days ago (through
    the writer)."""
    finding = channels.create_finding(
        organisation=f"Organisation secrète {n}",
        contact_name=f"Personne {n}",
        email=f"personne{n}@example.org",
        phone="",
        communes=communes,
        axes=axes,
        thematics=thematics,
        province_wide=province_wide,
        description=f"Les mots de l'expéditeur {n}, jamais publiés.",
    )
    finding.status = FindingStatus.KEPT
    finding.public_title = f"Constat public {n}"
    finding.public_summary = f"Résumé public du constat {n}."
    finding.save()
    channels.publish_finding(finding, when=timezone.now() - timedelta(days=days_ago))
    return finding


def plain(text):
    """`text` with the site's French typography undone (no-break spaces, ’): what a test
    compares."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")


def html_of(response):
    """The page's HTML, entities decoded, its French typography undone."""
    return plain(unescape(response.content.decode()))


def main_of(response):
    """The page's <main>, entities decoded (without the header's and footer's icons)."""
    html = html_of(response)
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def logement():
    """The thematic « Logement »."""
    return page_at(THEMATIC)


@pytest.fixture
def asile():
    """The thematic « Asile »."""
    return page_at("/thematiques/asile/")


@pytest.fixture
def namur():
    """The commune of Namur."""
    return Commune.objects.get(name="Namur")


def test_without_published_findings_the_page_offers_the_form_only(client):
    response = client.get(FINDINGS)
    html = main_of(response)
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert f'href="{FORM}"' in html and "Remonter un constat de terrain</a>" in html
    assert "Filtrer les constats" not in html
    assert "<svg" not in html and "Les constats en chiffres" not in html
    assert "aucun" not in html.lower()


def test_published_findings_show_their_public_text_only(client, logement, namur):
    shown = published(1, thematics=[logement], communes=[namur])
    shown.resources.set(ResourcePage.objects.live()[:1])
    draft_resource = ResourcePage.objects.live()[1]
    draft_resource.unpublish()
    shown.resources.add(draft_resource)
    channels.create_finding(
        organisation="Pas encore lu",
        contact_name="X",
        email="x@example.org",
        phone="",
        description="Reçu, pas publié.",
    )
    html = html_of(client.get(FINDINGS))
    assert "Constat public 1" in html and "Résumé public du constat 1." in html
    assert f'id="constat-{shown.pk}"' in html
    assert 'href="/thematiques/logement/">Logement</a>' in html
    assert "Namur" in html
    assert ResourcePage.objects.live()[0].title in html
    assert draft_resource.title not in html  # live resources only
    # Nothing of what the sender wrote or who they are.
    for private in ("Organisation secrète", "Les mots de l'expéditeur", "personne1@", "Reçu, pas"):
        assert private not in html, private
    assert "1 constat publié." in html


def test_a_finding_about_the_whole_province_says_so(client):
    published(1, province_wide=True)
    html = html_of(client.get(FINDINGS))
    assert "Toute la province" in html


def test_the_filters_narrow_the_list_and_offer_only_what_exists(client, logement, asile, namur):
    andenne = Commune.objects.get(name="Andenne")
    axis = AxisPage.objects.live().first()
    published(1, thematics=[logement], communes=[namur], axes=[axis])
    published(2, thematics=[asile], communes=[andenne], days_ago=400)
    published(3, province_wide=True, thematics=[asile])
    form = html_of(client.get(FINDINGS))
    form = form[
        form.index('class="filter-form"') : form.index("</form>", form.index("filter-form"))
    ]
    assert 'value="logement"' in form and 'value="asile"' in form
    assert 'value="sante"' not in form  # no finding carries it
    assert 'value="toute-la-province"' in form and 'value="namur"' in form
    assert f'value="{axis.pk}"' in form
    this_year = timezone.localdate().year
    last_year = (timezone.localdate() - timedelta(days=400)).year
    assert f'value="{this_year}"' in form and f'value="{last_year}"' in form

    def titles(query):
        """The numbers of the findings listed for `query`."""
        html = html_of(client.get(FINDINGS + query))
        return sorted(re.findall(r"Constat public (\d)", html[: html.index("Les constats en")]))

    assert titles("?thematique=asile") == ["2", "3"]
    assert titles("?commune=namur") == ["1"]
    assert titles("?commune=toute-la-province") == ["3"]
    assert titles(f"?axe={axis.pk}") == ["1"]
    assert titles(f"?annee={last_year}") == ["2"]
    assert titles("?thematique=asile&commune=andenne") == ["2"]


@pytest.mark.parametrize(
    "query",
    ["?thematique=inconnue", "?axe=abc", "?axe=99999999999999999999", "?annee=1800", "?page=zz"],
)
def test_odd_filter_values_are_named_and_ignored_never_an_error(client, logement, query):
    published(1, thematics=[logement])
    response = client.get(FINDINGS + query)
    assert response.status_code == 200
    html = html_of(response)
    assert "Constat public 1" in html
    if "page=" not in query:
        assert "Filtre non reconnu, ignoré" in html


def test_an_empty_combination_of_filters_says_so_and_links_back(client, logement, asile):
    published(1, thematics=[logement])
    published(2, thematics=[asile], days_ago=400)
    this_year = timezone.localdate().year
    html = html_of(client.get(FINDINGS + f"?thematique=asile&annee={this_year}"))
    assert f"Aucun constat publié pour « Asile, {this_year} »" in html
    assert f'<a href="{FINDINGS}">Voir tous les constats</a>' in html
    assert "Constat public" not in html[: html.index("Les constats en chiffres")]


def test_the_list_is_paginated_keeping_the_filters(client, logement):
    for n in range(12):
        published(n, thematics=[logement], days_ago=n)
    html = html_of(client.get(FINDINGS + "?thematique=logement"))
    assert "12 constats publiés" in html
    assert (
        'href="?thematique=logement&amp;page=2"'
        in client.get(FINDINGS + "?thematique=logement").content.decode()
    )
    page_two = html_of(client.get(FINDINGS + "?thematique=logement&page=2"))
    assert "Constat public 11" in page_two and "Constat public 0" not in page_two


def test_the_chart_counts_per_thematic_and_commune_with_a_table_for_screen_readers(
    client, logement, asile, namur
):
    published(1, thematics=[logement, asile], communes=[namur])
    published(2, thematics=[logement], province_wide=True)
    html = main_of(client.get(FINDINGS))
    charts = html[html.index("Les constats en chiffres") :]
    assert charts.count("<svg") == 4  # two thematics, Namur and the whole province
    assert 'class="bar-chart__bars" aria-hidden="true"' in charts
    assert '<rect class="bar-chart__fill" width="100" height="10">' in charts
    assert '<rect class="bar-chart__fill" width="50" height="10">' in charts
    tables = re.findall(r"<table class=\"visually-hidden\".*?</table>", charts, re.S)
    assert len(tables) == 2
    assert "<caption>Constats publiés par thématique</caption>" in tables[0]
    assert re.search(r'<th scope="row">Logement</th><td>2</td>', tables[0])
    assert re.search(r'<th scope="row">Asile</th><td>1</td>', tables[0])
    assert re.search(r'<th scope="row">Toute la province</th><td>1</td>', tables[1])
    assert re.search(r'<th scope="row">Namur</th><td>1</td>', tables[1])


@pytest.mark.parametrize("count", [3, 30])
def test_the_findings_page_costs_the_same_queries_whatever_the_number(
    client, logement, asile, count
):
    communes = list(Commune.objects.order_by("name")[:5])
    axes = list(AxisPage.objects.live()[:2])
    resources = list(ResourcePage.objects.live()[:2])
    for n in range(count):
        finding = published(
            n,
            thematics=[logement, asile][: 1 + n % 2],
            communes=communes[n % 5 : n % 5 + 2],
            axes=axes[n % 2 :],
            province_wide=n % 7 == 0,
            days_ago=n * 40,
        )
        finding.resources.set(resources[: n % 3])
    client.get(FINDINGS)
    response = assert_queries(client, FINDINGS, FINDINGS_QUERIES)
    assert "Constat public 0" in html_of(response)
    assert_queries(client, FINDINGS + "?thematique=logement&page=1", FINDINGS_QUERIES)


# The thematic pages.


def test_a_thematic_page_shows_its_latest_findings(client, logement, asile):
    assert "thematique-constats" not in client.get(THEMATIC).content.decode()
    for n in range(4):
        published(n, thematics=[logement], days_ago=n)
    published(9, thematics=[asile])
    html = html_of(client.get(THEMATIC))
    section = html[html.index('id="thematique-constats"') :]
    section = section[: section.index("</section>")]
    assert "Constats de terrain" in section
    assert re.findall(r"Constat public (\d)", section) == ["0", "1", "2"]
    assert f'href="{FINDINGS}?thematique=logement">Tous les constats « Logement » (4)' in section
    first = FieldFinding.objects.get(public_title="Constat public 0")
    assert f'href="{FINDINGS}?thematique=logement#constat-{first.pk}"' in section
    assert "4 constats de terrain" in html  # the page's description


@pytest.mark.parametrize("count", [3, 30])
def test_a_thematic_page_with_findings_costs_the_same_queries(client, logement, count):
    for n in range(count):
        published(n, thematics=[logement], days_ago=n)
    client.get(THEMATIC)
    response = assert_queries(client, THEMATIC, THEMATIC_QUERIES)
    assert f"({count})" in html_of(response)


# The form « Remonter un constat de terrain ».


def answers(**extra):
    """A valid sending of the form."""
    logement = page_at(THEMATIC)
    return {
        "organisation": "Maison médicale",
        "contact_name": "Awa Diallo",
        "email": "Awa@Example.org",
        "phone": "081 00 00 00",
        "communes": [str(Commune.objects.get(name="Namur").pk)],
        "thematics": [str(logement.pk)],
        "audiences": [str(Audience.objects.order_by("name").first().pk)],
        "audiences_other": "",
        "description": "Les délais pour un rendez-vous s'allongent.",
        "since": "depuis 2024",
        "links": " https://example.org/a \n\nhttp://example.org/b",
        "consent": "on",
        **extra,
    }


def post(client, data, capture):
    """Send the form, running the e-mails' tasks once the transaction commits."""
    with capture(execute=True):
        return client.post(FORM, data)


def test_the_list_links_to_the_form(client):
    page = FindingsPage.objects.get()
    assert page.url + page.reverse_subpage("form") == FORM


def test_the_form_asks_everything_with_labels_autocomplete_and_consent(client):
    response = client.get(FORM)
    html = html_of(response)
    assert response.status_code == 200
    assert html.count("<h1") == 1 and "Remonter un constat de terrain</h1>" in html
    for label in ("Organisation", "Personne de contact", "Adresse e-mail", "Téléphone"):
        assert re.search(rf'<label for="id_[a-z_]+">{label}', html), label
    assert 'autocomplete="organization"' in html and 'autocomplete="email"' in html
    assert 'autocomplete="name"' in html and 'autocomplete="tel"' in html
    for legend in ("Commune(s) concernée(s)", "Axe(s) du PPLI", "Thématique(s)", "Publics"):
        assert f"<legend>{legend}" in html, legend
    assert "Toute la province" in html and 'name="consent"' in html
    assert "Comment nous protégeons vos données" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_sending_stores_the_finding_and_e_mails_its_sender(
    client, django_capture_on_commit_callbacks
):
    response = post(client, answers(), django_capture_on_commit_callbacks)
    html = html_of(response)
    assert response.status_code == 200
    assert "Votre constat est bien reçu" in html
    assert 'href="/ppli/mes-demandes/"' in html
    finding = FieldFinding.objects.get()
    assert finding.email == "awa@example.org"
    assert finding.links == "https://example.org/a\nhttp://example.org/b"
    assert [c.name for c in finding.communes.all()] == ["Namur"]
    assert [t.slug for t in finding.thematics.all()] == ["logement"]
    assert finding.audiences.count() == 1
    assert finding.status == FindingStatus.RECEIVED and finding.published_at is None
    assert finding.consent_at is not None
    assert ["awa@example.org"] in [message.to for message in mail.outbox]


def test_the_whole_province_stands_for_the_communes(client, django_capture_on_commit_callbacks):
    post(client, answers(communes=[], province_wide="on"), django_capture_on_commit_callbacks)
    assert FieldFinding.objects.get().province_wide is True


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"consent": ""}, "Votre accord est nécessaire pour envoyer votre constat."),
        ({"organisation": ""}, "Indiquez votre organisation."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide"),
        ({"communes": []}, "Cochez au moins une commune, ou « Toute la province »."),
        ({"thematics": []}, "Cochez au moins un axe ou une thématique."),
        ({"communes": ["999999"]}, "Cette commune n'existe pas ou plus."),
        ({"communes": ["99999999999999999999999"]}, "Cette commune n'existe pas ou plus."),
        ({"thematics": ["abc"]}, "Cette thématique n'existe pas ou plus."),
        ({"description": ""}, "Décrivez le constat."),
        ({"description": "x" * 5001}, "5 000 caractères au plus"),
        ({"contact_name": "Nom\r\nBcc: x@example.org"}, "une seule ligne"),
        (
            {"links": "https://example.org\njavascript:alert(1)"},
            "Ligne 2 : « javascript:alert(1) »",
        ),
        ({"links": "\n".join(f"https://e.org/{n}" for n in range(11))}, "10 liens au plus"),
        ({"phone": "appelez-moi"}, "numéro de téléphone valide"),
    ],
)
def test_bad_answers_come_back_in_french_and_store_nothing(client, changes, error):
    response = client.post(FORM, answers(**changes))
    html = html_of(response)
    assert response.status_code == 200
    assert "Il y a un problème" in html and error in html
    assert html.count('role="alert"') == 1  # the summary, focused by its script
    assert "error-summary.js" in html
    assert "<title>Erreur\u00a0: " in html or "<title>Erreur&nbsp;: " in response.content.decode()
    assert not FieldFinding.objects.exists()


def test_a_robot_reads_the_thanks_and_sends_nothing(client):
    response = client.post(FORM, answers(site_web="http://spam.example"))
    assert response.status_code == 200
    assert "Votre constat est bien reçu" in html_of(response)
    assert not FieldFinding.objects.exists()


@override_settings(NETWORK_FORM_RATE_LIMIT=(1, 3600))
def test_too_many_sendings_are_refused_with_what_was_typed(
    client, django_capture_on_commit_callbacks
):
    post(client, answers(), django_capture_on_commit_callbacks)
    response = client.post(FORM, answers(organisation="Deuxième envoi"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = html_of(response)
    assert "trop de demandes" in html and 'value="Deuxième envoi"' in html
    assert FieldFinding.objects.count() == 1
