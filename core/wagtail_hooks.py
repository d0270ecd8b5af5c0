"""Admin hooks of the shared helpers: the group editor's "delete" rights on documents and
images (core/permissions.py makes deleting a right of its own; Wagtail's own panels list add,
edit and choose only), and the choosers' French."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms.collections import collection_member_permission_formset_factory
from wagtail.documents.models import Document
from wagtail.images.models import Image

DocumentDeletePermissionFormSet = collection_member_permission_formset_factory(
    Document,
    [("delete_document", "Supprimer", "Supprimer les documents qui ne sont plus utilisés")],
    "core/permissions/document_delete_formset.html",
    default_prefix="document_delete_permissions",
)
ImageDeletePermissionFormSet = collection_member_permission_formset_factory(
    Image,
    [("delete_image", "Supprimer", "Supprimer les images qui ne sont plus utilisées")],
    "core/permissions/image_delete_formset.html",
    default_prefix="image_delete_permissions",
)


@hooks.register("register_group_permission_panel")
def document_delete_permissions():
    return DocumentDeletePermissionFormSet


@hooks.register("register_group_permission_panel")
def image_delete_permissions():
    return ImageDeletePermissionFormSet


@hooks.register("insert_global_admin_js")
def autocomplete_in_french():
    """The choosers' screen-reader and button texts in French (see the script)."""
    return format_html(
        '<script src="{}" defer></script>', static("core/admin/autocomplete-french.js")
    )
