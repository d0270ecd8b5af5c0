"""URL configuration: admin, documents, search, sitemap, API, then Wagtail's page tree."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail_footnotes import urls as footnotes_urls
from wagtailautocomplete.urls.admin import urlpatterns as autocomplete_admin_urls

from resources.feeds import NewsAtomFeed, NewsRssFeed

from . import views
from .api import api_router
from .sitemap import PortalSitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before the admin's own: the type-ahead choosers of related items (wagtail-autocomplete).
    path("admin/autocomplete/", include(autocomplete_admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    # The footnote picker of the rich-text editor (wagtail-footnotes) fetches it here.
    path("footnotes/", include(footnotes_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", include("search.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PortalSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("api/v2/", views.api_index, name="api_index"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static as static_urls
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static_urls(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Fixed addresses, so every page advertises the feeds without looking up the news index.
    path("ressources/actus-du-secteur/rss.xml", NewsRssFeed(), name="news_rss"),
    path("ressources/actus-du-secteur/atom.xml", NewsAtomFeed(), name="news_atom"),
    # Before the plan's: both offer "<page URL>export.csv" (directory/urls.py).
    path("", include("directory.urls")),
    path("", include("agenda.urls")),
    path("", include("network.urls")),
    path("", include("ppli.urls")),
    path("", include(wagtail_urls)),
]

# The 500 page says the team was told only when ADMINS is set (portal/views.py).
handler500 = "portal.views.server_error"
