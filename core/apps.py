from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app may use (filter forms, pagination, visitors' text); no models."""

    name = "core"
    verbose_name = "Outils communs"

    def ready(self):
        register_media_policies()


def register_media_policies():
    """Documents and images answer to core.permissions.EditorialMediaPolicy (deleting is a
    right of its own). Registered for the exact models, so it wins over the policies Wagtail's
    apps register in their own ready(), whatever the order of INSTALLED_APPS."""
    from wagtail.documents import get_document_model, get_document_model_string
    from wagtail.images import get_image_model, get_image_model_string
    from wagtail.permissions import register_permission_policy

    from .permissions import EditorialMediaPolicy

    for model, model_string, auth_model, owner in [
        (
            get_document_model(),
            get_document_model_string(),
            "wagtaildocs.Document",
            "uploaded_by_user",
        ),
        (get_image_model(), get_image_model_string(), "wagtailimages.Image", "uploaded_by_user"),
    ]:
        policy = EditorialMediaPolicy(model_string, auth_model=auth_model, owner_field_name=owner)
        register_permission_policy(model, policy, exact_class=True)
