"""`{% deletion_notice object can_delete %}`: on a document's or image's edit page, why it cannot
be deleted and where it is used (core/permissions.py decides; Wagtail's reference index says
where)."""

from django import template
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import ReferenceIndex

register = template.Library()

# The most uses listed on the page; Wagtail's usage page lists them all.
SHOWN_USES = 10

# French agreement of the sentences, by model.
NOUNS = {
    "image": {
        "used_here": "Cette image est utilisée ici :",
        "while_used": "Tant qu'elle est utilisée, seul un administrateur peut la supprimer : "
        "retirez-la d'abord de ces pages, ou remplacez son fichier ci-dessous.",
        "the": "les images",
    },
}
DEFAULT_NOUN = {
    "used_here": "Ce document est utilisé ici :",
    "while_used": "Tant qu'il est utilisé, seul un administrateur peut le supprimer : "
    "retirez-le d'abord de ces pages, ou remplacez son fichier ci-dessous.",
    "the": "les documents",
}


@register.inclusion_tag("core/deletion_notice.html", takes_context=True)
def deletion_notice(context, instance, can_delete):
    """Nothing when the user may delete `instance`; else the uses (up to SHOWN_USES, each with
    its edit link when the user may open it) and who may delete it."""
    if can_delete:
        return {"shown": False}
    finder = AdminURLFinder(context["request"].user)
    uses = []
    total = 0
    for referrer, _references in ReferenceIndex.get_grouped_references_to(instance):
        total += 1
        if len(uses) < SHOWN_USES:
            uses.append({"label": str(referrer), "url": finder.get_edit_url(referrer)})
    return {
        "shown": True,
        "noun": NOUNS.get(instance._meta.model_name, DEFAULT_NOUN),
        "uses": uses,
        "more": total - len(uses),
        "usage_url": getattr(instance, "usage_url", ""),
    }
