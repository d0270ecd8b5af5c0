"""Wagtail's read-only content API (pages, images, documents) under /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

ENDPOINTS = {
    "pages": PagesAPIViewSet,
    "images": ImagesAPIViewSet,
    "documents": DocumentsAPIViewSet,
}

api_router = WagtailAPIRouter("wagtailapi")
for name, viewset in ENDPOINTS.items():
    api_router.register_endpoint(name, viewset)
