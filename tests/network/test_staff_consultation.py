"""Staff run the consultation on the 2016-2017 findings in the admin (network/staff.py,
staff_views.py): create it, give it dates, its items following the booklet's essential issues
and, if chosen, the 2017-2020 objectives; its results per item and verdict; the moderation of
its comments; its exports; and who may do all this."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from network import channels
from network.models import (
    CommentStatus,
    Consultation,
    ConsultationAnswer,
    ItemSource,
    Verdict,
)
from network.staff_views import consulted_objectives
from ppli.models import KeyIssue
from testing.queries import cold_get
from testing.spreadsheets import staff_csv_rows
from tests.network.test_staff_findings import (
    consultation_url,
    coordinator_member,
    messages_of,
    reader_of,
    refused,
    words_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(django_user_model):
    """A member of Coordination PPLI."""
    return coordinator_member(django_user_model)


@pytest.fixture
def consultation():
    """The consultation of the initial content, open today."""
    consultation = Consultation.objects.get()
    today = timezone.localdate()
    consultation.opens_on = today - timedelta(days=2)
    consultation.closes_on = today + timedelta(days=10)
    consultation.save()
    return consultation


def answer(consultation, email, answers):
    """`email` answers the first items (`answers`: [(verdict, comment)]) and confirms."""
    items = list(consultation.items.order_by("position", "pk"))
    submission = channels.submit_answers(
        consultation,
        email,
        [
            (item, verdict, comment)
            for item, (verdict, comment) in zip(items, answers, strict=False)
        ],
    )
    channels.count_answers(submission.pk)
    return submission


def dates(opens_on, closes_on):
    """The form's two dates (empty for none)."""
    return {
        "opens_on": opens_on.isoformat() if opens_on else "",
        "closes_on": closes_on.isoformat() if closes_on else "",
    }


# Creating and dating


def test_a_new_consultation_gets_its_items(client, coordinator):
    """A consultation created here gets one item per essential issue, in order."""
    client.force_login(coordinator)
    assert client.get(consultation_url("create")).status_code == 200
    today = timezone.localdate()
    response = client.post(
        consultation_url("create"),
        {"title": "Réactualisation 2027", **dates(today, today + timedelta(days=30))},
        follow=True,
    )
    consultation = Consultation.objects.get(title="Réactualisation 2027")
    issues = list(KeyIssue.objects.order_by("number"))
    items = list(consultation.items.order_by("position"))
    assert [item.key_issue for item in items] == issues
    assert all(item.source == ItemSource.KEY_ISSUE for item in items)
    assert any(f"{len(issues)} enjeux essentiels" in each for each in messages_of(response))
    assert consultation.is_open()


def test_the_objectives_follow_the_choice(client, coordinator, consultation):
    """Ticking the objectives adds the 35; unticking keeps only the answered ones."""
    client.force_login(coordinator)
    objectives = list(consulted_objectives())
    assert len(objectives) == 35  # the 2017-2020 plan's
    data = {
        "title": consultation.title,
        **dates(consultation.opens_on, consultation.closes_on),
        "include_objectives": "on",
    }
    client.post(consultation_url("edit", consultation.pk), data)
    sources = list(consultation.items.values_list("source", flat=True))
    assert sources.count(ItemSource.OBJECTIVE) == 35
    assert sources.count(ItemSource.KEY_ISSUE) == KeyIssue.objects.count()
    numbers = [
        item.objective.number
        for item in consultation.items.filter(source=ItemSource.OBJECTIVE).order_by("position")
    ]
    assert numbers == sorted(numbers)
    # An objective answered meanwhile keeps its item when the objectives are taken out.
    answered = consultation.items.filter(source=ItemSource.OBJECTIVE).first()
    submission = channels.submit_answers(consultation, "a@example.org", [(answered, "actuel", "")])
    channels.count_answers(submission.pk)
    del data["include_objectives"]
    client.post(consultation_url("edit", consultation.pk), data)
    assert list(consultation.items.filter(source=ItemSource.OBJECTIVE)) == [answered]


def test_the_dates_come_both_and_in_order(client, coordinator, consultation):
    """Both dates or none, the first before the last; none is a draft."""
    client.force_login(coordinator)
    today = timezone.localdate()
    for opens_on, closes_on, field in [
        (today, None, "closes_on"),
        (None, today, "opens_on"),
        (today, today - timedelta(days=1), "closes_on"),
    ]:
        response = client.post(
            consultation_url("edit", consultation.pk),
            {"title": consultation.title, **dates(opens_on, closes_on)},
        )
        assert response.status_code == 200
        assert field in response.context["form"].errors, (opens_on, closes_on)
    # No dates at all: a draft.
    client.post(
        consultation_url("edit", consultation.pk), {"title": "Brouillon", **dates(None, None)}
    )
    consultation.refresh_from_db()
    assert consultation.opens_on is None and not consultation.is_open()


# The list and the results


def test_the_list_counts_items_people_and_comments_with_a_fixed_number_of_queries(
    client, coordinator, consultation
):
    """The list's counts cost no query per consultation."""
    client.force_login(coordinator)
    client.get(consultation_url("index"))
    response, before = cold_get(client, consultation_url("index"))
    assert response.status_code == 200
    answer(consultation, "a@example.org", [("actuel", "Toujours vrai."), ("nuancer", "")])
    answer(consultation, "b@example.org", [("depasse", "Plus vrai.")])
    Consultation.objects.create(title="Une autre, en brouillon")
    response, after = cold_get(client, consultation_url("index"))
    assert after == before
    text = words_of(response)
    assert "Ouverte" in text and "Brouillon (sans dates)" in text
    row = next(each for each in response.context["object_list"] if each.pk == consultation.pk)
    assert (row.item_count, row.participant_count, row.pending_comments) == (
        KeyIssue.objects.count(),
        2,
        2,
    )
    assert "Commentaires (2 à modérer)" in text


def test_the_results_count_each_verdict_per_item(client, coordinator, consultation):
    """The results count each verdict per item, with its share."""
    answer(consultation, "a@example.org", [("actuel", ""), ("nuancer", "Moins vrai.")])
    answer(consultation, "b@example.org", [("actuel", ""), ("depasse", "")])
    answer(consultation, "c@example.org", [("nuancer", "")])
    client.force_login(coordinator)
    response = client.get(consultation_url("resultats", consultation.pk))
    assert response.status_code == 200
    first, second = response.context["items"][:2]
    assert first["cells"] == [(2, 67), (1, 33), (0, 0)]
    assert second["cells"] == [(0, 0), (1, 50), (1, 50)]
    assert response.context["participants"] == 3 and response.context["answers"] == 5
    text = words_of(response)
    assert "3 personnes ont répondu" in text and "1 commentaire à modérer" in text
    assert "Toujours d'actualité" in text and "À nuancer" in text and "Dépassé" in text


# Moderating the comments


def test_comments_are_published_or_not_one_by_one_or_all_at_once(client, coordinator, consultation):
    """Each comment is published, refused or put back; the page's waiting ones at once."""
    answer(consultation, "a@example.org", [("actuel", "Toujours vrai."), ("nuancer", "Nuancé.")])
    answer(consultation, "b@example.org", [("depasse", "Dépassé à Namur."), ("actuel", "")])
    client.force_login(coordinator)
    address = consultation_url("commentaires", consultation.pk)
    page = client.get(address)
    assert [row["answer"].comment for row in page.context["comments"]] == [
        "Toujours vrai.",
        "Dépassé à Namur.",
        "Nuancé.",
    ]  # in the items' order; an answer without a comment is not listed
    first, second, third = (row["answer"] for row in page.context["comments"])
    response = client.post(address, {"answer": first.pk, "decision": "publier"}, follow=True)
    assert any("1 commentaire publié" in each for each in messages_of(response))
    client.post(address, {"answer": second.pk, "decision": "refuser"})
    statuses = dict(ConsultationAnswer.objects.values_list("pk", "comment_status"))
    assert statuses[first.pk] == CommentStatus.PUBLISHED
    assert statuses[second.pk] == CommentStatus.REJECTED
    assert [row["answer"] for row in client.get(address).context["comments"]] == [third]
    published = client.get(address + "?etat=publie").context["comments"]
    assert [row["answer"] for row in published] == [first]
    # Back to moderation, then every comment waiting at once.
    client.post(address, {"answer": second.pk, "decision": "remettre", "etat": "refuse"})
    response = client.post(
        address, {"answer": [second.pk, third.pk], "decision": "publier"}, follow=True
    )
    assert any("2 commentaires publiés" in each for each in messages_of(response))
    assert not ConsultationAnswer.objects.filter(comment_status=CommentStatus.PENDING).exclude(
        comment=""
    )


def test_comments_of_another_consultation_are_left_alone(client, coordinator, consultation):
    """A comment of another consultation is never moderated from this one's page."""
    other = Consultation.objects.create(title="Autre")
    channels.ensure_items(other, KeyIssue.objects.order_by("number"))
    answer(other, "a@example.org", [("actuel", "Ailleurs.")])
    foreign = ConsultationAnswer.objects.get(comment="Ailleurs.")
    client.force_login(coordinator)
    client.post(
        consultation_url("commentaires", consultation.pk),
        {"answer": foreign.pk, "decision": "publier"},
    )
    foreign.refresh_from_db()
    assert foreign.comment_status == CommentStatus.PENDING


# Exports


def test_the_results_export_in_xlsx_and_csv(client, coordinator, consultation):
    """The exports count per item and verdict and list the published comments, no formula."""
    answer(consultation, "a@example.org", [("actuel", '=HYPERLINK("http://evil.example")')])
    answer(consultation, "b@example.org", [("actuel", "Pas publié.")])
    ConsultationAnswer.objects.filter(comment__startswith="=").update(
        comment_status=CommentStatus.PUBLISHED
    )
    client.force_login(coordinator)
    rows = staff_csv_rows(client.get(consultation_url("export", consultation.pk, "resultats.csv")))
    header, first, *others = rows
    assert header == [
        "N°",
        "Origine",
        "Question",
        "Toujours d'actualité",
        "À nuancer",
        "Dépassé",
        "Réponses",
        "Commentaires publiés",
    ]
    assert first[0] == "1" and first[3:] == ["2", "0", "0", "2", "1"]
    assert len(others) == KeyIssue.objects.count() - 1

    comments = staff_csv_rows(
        client.get(consultation_url("export", consultation.pk, "commentaires.csv"))
    )
    assert comments[0] == ["N°", "Question", "Avis", "Commentaire", "Confirmée le"]
    assert [row[3] for row in comments[1:]] == ['\'=HYPERLINK("http://evil.example")']

    response = client.get(consultation_url("export", consultation.pk, "resultats.xlsx"))
    assert response["Content-Disposition"].endswith('-resultats.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Résultats", "Commentaires publiés"]
    results = [[cell.value for cell in row] for row in workbook["Résultats"].iter_rows()]
    assert results[1][3:] == [2, 0, 0, 2, 1]
    published = [
        [cell.value for cell in row] for row in workbook["Commentaires publiés"].iter_rows()
    ]
    assert published[1][2] == "Toujours d'actualité"
    assert published[1][3] == '=HYPERLINK("http://evil.example")'
    assert workbook["Commentaires publiés"]["D2"].data_type == "s"  # text, never a formula


# Who may


def test_coordination_opens_but_never_deletes_a_consultation(client, coordinator, consultation):
    """Coordination PPLI creates consultations and deletes none."""
    client.force_login(coordinator)
    index = client.get(consultation_url("index"))
    assert index.context["user_can_create"]
    assert refused(client.get(consultation_url("delete", consultation.pk)))
    assert Consultation.objects.filter(pk=consultation.pk).exists()


def test_a_reader_sees_the_results_but_moderates_nothing(client, django_user_model, consultation):
    """The view permission reads the results and exports, never moderates."""
    answer(consultation, "a@example.org", [("actuel", "Un commentaire.")])
    client.force_login(reader_of(django_user_model, "view_consultation"))
    assert client.get(consultation_url("index")).status_code == 200
    assert client.get(consultation_url("resultats", consultation.pk)).status_code == 200
    csv = client.get(consultation_url("export", consultation.pk, "resultats.csv"))
    assert csv.status_code == 200
    comments = consultation_url("commentaires", consultation.pk)
    assert refused(client.get(comments))
    answer_pk = ConsultationAnswer.objects.get().pk
    assert refused(client.post(comments, {"answer": answer_pk, "decision": "publier"}))
    assert refused(client.get(consultation_url("edit", consultation.pk)))
    assert refused(client.get(consultation_url("create")))
    assert ConsultationAnswer.objects.get().comment_status == CommentStatus.PENDING


def test_staff_without_the_permissions_are_refused(client, django_user_model, consultation):
    """A group without the consultation permissions reaches none of its screens."""
    client.force_login(reader_of(django_user_model, "view_fieldfinding"))
    for address in [
        consultation_url("index"),
        consultation_url("resultats", consultation.pk),
        consultation_url("commentaires", consultation.pk),
        consultation_url("export", consultation.pk, "resultats.xlsx"),
        consultation_url("edit", consultation.pk),
    ]:
        assert refused(client.get(address)), address


def test_malformed_requests_are_refused_never_a_server_error(client, coordinator, consultation):
    """Bad filters and decisions are a 400 or a 404, never a 500."""
    answer(consultation, "a@example.org", [("actuel", "Un commentaire.")])
    client.force_login(coordinator)
    comments = consultation_url("commentaires", consultation.pk)
    assert client.get(comments + "?etat=nope").status_code == 400
    assert client.post(comments, {"answer": "abc", "decision": "publier"}).status_code == 400
    assert client.post(comments, {"answer": "1", "decision": "effacer"}).status_code == 400
    assert client.post(comments, {}).status_code == 400
    assert client.get(consultation_url("resultats", 999999)).status_code == 404
    assert (
        client.get(f"{consultation_url('index')}export/{consultation.pk}/x.pdf/").status_code == 404
    )
    assert client.get(consultation_url("index") + "?title__startswith=x").status_code == 400
    assert ConsultationAnswer.objects.get().verdict == Verdict.CURRENT
