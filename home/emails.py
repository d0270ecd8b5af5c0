"""The contact form's e-mail to staff, sent from the task queue (home/tasks.py)."""

import logging

from django import forms
from django.core.exceptions import ValidationError
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
