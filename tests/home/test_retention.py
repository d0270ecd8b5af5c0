"""Retention for everything personal: contact messages and login records purged after the
settings' periods (manage.py purge_personal_data), the privacy page stating every period from
the settings, and Coordination deleting a sign-up."""

import io
from datetime import timedelta
from html import unescape

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from ppli.models import WorkingGroupSignup
from ppli.signup_admin import signup_admin
from tests.conftest import page_at
from tests.ppli.test_signup_admin import make_signup

pytestmark = pytest.mark.django_db


def aged(model, days, **fields):
    row = model.objects.create(**fields)
    field = "submit_time" if model is FormSubmission else "attempt_time"
    model.objects.filter(pk=row.pk).update(**{field: timezone.now() - timedelta(days=days)})
    return row


def test_contact_messages_and_login_records_are_purged_after_their_periods(settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 30
    settings.LOGIN_RECORD_RETENTION_DAYS = 10
    page = page_at("/contact/general/")
    old_message = aged(FormSubmission, 31, page=page, form_data={"nom": "Awa"})
    recent_message = aged(FormSubmission, 29, page=page, form_data={"nom": "Bea"})
    login = {"ip_address": "192.0.2.1", "user_agent": "x", "http_accept": "x", "path_info": "/"}
    old_log, recent_log = aged(AccessLog, 11, **login), aged(AccessLog, 9, **login)
    old_attempt = aged(
        AccessAttempt, 11, username="x", get_data="", post_data="", failures_since_start=1, **login
    )

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)

    assert list(FormSubmission.objects.all()) == [recent_message]
    assert list(AccessLog.objects.all()) == [recent_log]
    assert not AccessAttempt.objects.filter(pk=old_attempt.pk).exists()
    assert not FormSubmission.objects.filter(pk=old_message.pk).exists()
    assert not AccessLog.objects.filter(pk=old_log.pk).exists()
    assert "1 message(s) de contact de plus de 30 jours supprimé(s)." in out.getvalue()


def test_a_dry_run_deletes_nothing(settings):
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 1
    aged(FormSubmission, 5, page=page_at("/contact/general/"), form_data={})
    call_command("purge_personal_data", "--dry-run", stdout=io.StringIO())
    assert FormSubmission.objects.count() == 1


def test_the_privacy_page_states_each_period_from_the_settings(client, settings):
    settings.PPLI_SIGNUP_RETENTION_MONTHS = 7
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 200
    settings.LOGIN_RECORD_RETENTION_DAYS = 45
    settings.SEARCH_LOG_RETENTION_DAYS = 60
    html = unescape(client.get("/protection-des-donnees/").content.decode())
    for period in ("7 mois", "200 jours", "45 jours", "60 jours"):
        assert f"<td>{period}</td>" in html, period
    assert "rue Docteur Haibe 2, 5002 Saint-Servais (Namur)" in html
    assert "article 6.1.a" in html


def test_coordination_deletes_a_sign_up(client, django_user_model):
    coordinator = django_user_model.objects.create_user("coord", "coord@example.org", "x")
    coordinator.groups.add(Group.objects.get(name="Coordination PPLI"))
    signup = make_signup()
    client.force_login(coordinator)
    url = signup_admin.url_helper.get_action_url("delete", signup.pk)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not WorkingGroupSignup.objects.filter(pk=signup.pk).exists()
