"""The page cache and the findings: a visitor's sending never empties it (FieldFinding opts
out), but any change by staff or its author to a finding that is, or was, on the site does
(pagecache's own bump, at once and on commit)."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from pagecache.signals import bump_now_and_on_commit

from .models import Consultation, ConsultationAnswer, ConsultationItem, FieldFinding


def may_be_public(finding):
    return finding.published_at is not None or finding.status == "retenu"


@receiver(post_save, sender=FieldFinding, dispatch_uid="network_finding_saved")
def finding_saved(sender, instance, created, update_fields=None, **kwargs):
    # A new finding is never published; a change to published_at (un/publishing) always counts.
    if created:
        return
    if may_be_public(instance) or (update_fields and "published_at" in update_fields):
        bump_now_and_on_commit()


def finding_tags_changed(sender, instance, action, **kwargs):
    """A published finding's places, tags or resources changed (from the finding's side)."""
    if isinstance(instance, FieldFinding) and action.startswith("post_") and instance.published_at:
        bump_now_and_on_commit()


# Connected to the findings' own relations only, not to every many-to-many change of the site.
for relation in ("communes", "axes", "thematics", "audiences", "resources"):
    m2m_changed.connect(
        finding_tags_changed,
        sender=getattr(FieldFinding, relation).through,
        dispatch_uid=f"network_finding_{relation}_changed",
    )


def consultation_changed(sender, instance, **kwargs):
    """The consultation's page shows its dates, its items, the number of answers and, once
    closed, the results and the published comments."""
    bump_now_and_on_commit()


# Connected to those three models only: no check on every other save of the site.
for model in (Consultation, ConsultationItem, ConsultationAnswer):
    post_save.connect(
        consultation_changed, sender=model, dispatch_uid=f"network_{model.__name__}_saved"
    )
