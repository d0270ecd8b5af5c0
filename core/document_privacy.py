"""Documents that a restricted page links but anyone can open.

A page's privacy (a password, a login, groups) covers the page, not the files it links: Wagtail
serves a document according to its collection's privacy only. A document from a public
collection, linked from a restricted page, is therefore open to anyone who has its address.
The editor is told in the page's editor and on the dashboard (home/wagtail_hooks.py,
home/dashboard.py); an administrator can move the document to a restricted collection
(docs/guide-redaction.md, « Documents et images : qui peut les voir ? »).

What a page links is read from Wagtail's reference index (the index behind each document's
« Utilisation »), which follows the page as it is published, or as saved while it never was.
Images are left out: their resized copies are served as plain files, which a collection's
privacy does not cover.
"""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex


def private_collections():
    """The collections under a view restriction, their own or an ancestor's (Wagtail gives
    pages `not_public()`, collections nothing alike)."""
    paths = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True).distinct()
    )
    if not paths:
        return Collection.objects.none()
    return Collection.objects.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))


def public_documents_linked_from(pages):
    """{page id: [documents]}: the documents of public collections that the restricted ones
    among `pages` (a Page queryset; restricted: Wagtail's `not_public()`) link, by title."""
    page_ids = [str(pk) for pk in pages.not_public().values_list("pk", flat=True)]
    if not page_ids:
        return {}
    document_model = get_document_model()
    links = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids,
        to_content_type=ContentType.objects.get_for_model(document_model),
    ).values_list("object_id", "to_object_id")
    linked = {}
    for page_id, document_id in links:
        linked.setdefault(int(document_id), set()).add(int(page_id))
    documents = (
        document_model.objects.filter(pk__in=linked)
        .exclude(collection__in=private_collections())
        .order_by("title", "pk")
    )
    by_page = {}
    for document in documents:
        for page_id in sorted(linked[document.pk]):
            by_page.setdefault(page_id, []).append(document)
    return by_page
