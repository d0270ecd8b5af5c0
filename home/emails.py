"""The e-mails sent from the task queue (home/tasks.py): the contact form's message to staff,
the admin's password-reset link."""

import logging
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.admin.views.account import PasswordResetView
from wagtail.contrib.forms.models import FormSubmission

from .models import ContactEmailSent

logger = logging.getLogger(__name__)


def stored_values(form, submission):
    """The message as stored, in the form's fields: dates and times back from their JSON text,
    so that Wagtail writes them the French way ("30/11/2026")."""
    values = dict(submission.form_data)
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField) and values.get(name):
            try:
                values[name] = field.to_python(values[name])
            except ValidationError:
                pass  # written as stored: an odd value is still worth reading
    return values


def send_contact_email(submission_id):
    """E-mail one stored message to its form's recipients, in Wagtail's words ("Nom: …").

    The message is read back from the database: the task carries only its id. It is written as
    it was stored and never validated again, since the editors may have changed the form's
    fields in between. A message deleted meanwhile, or a form that no longer e-mails, sends
    nothing.
    """
    submission = FormSubmission.objects.filter(pk=submission_id).select_related("page").first()
    if submission is None:
        logger.info("Contact message %s no longer exists; not e-mailed.", submission_id)
        return
    if ContactEmailSent.objects.filter(submission=submission).exists():
        # Sent by an earlier run of the task whose worker died before recording its end.
        logger.info("Contact message %s was already e-mailed.", submission_id)
        return
    page = submission.page.specific
    if not getattr(page, "to_address", ""):
        return
    form = page.get_form(page=page)
    form.cleaned_data = stored_values(form, submission)
    page.send_mail(form)
    ContactEmailSent.objects.create(submission=submission)


class PasswordResetMailForm(PasswordResetForm):
    """Django's reset form as the worker uses it: its e-mail's failure is raised, not logged
    away (Django's `send_mail` catches it), so that core/retry.py sends it again later."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Django's message (its documented override point), sent without catching errors."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


def send_password_reset_email(email):
    """Send the reset link to each active account of `email`; nothing for an unknown one.

    Wagtail's own e-mail (its templates, in French) with the link to its confirmation page;
    the link's domain comes from WAGTAILADMIN_BASE_URL, since no request is at hand.
    """
    form = PasswordResetMailForm({"email": email})
    if not form.is_valid():
        logger.info("Password reset demand for an invalid address; nothing sent.")
        return
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    with translation.override(settings.LANGUAGE_CODE):
        form.save(
            domain_override=base_url.netloc,
            use_https=base_url.scheme == "https",
            subject_template_name=PasswordResetView.subject_template_name,
            email_template_name=PasswordResetView.email_template_name,
        )
