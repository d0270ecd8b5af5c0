"""Settings shared by every environment; each value can be overridden from the environment."""

from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from wagtail.embeds.oembed_providers import vimeo as oembed_vimeo
from wagtail.embeds.oembed_providers import youtube as oembed_youtube

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"

env = environ.Env()
# A local .env file is convenient for developers; production sets real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "home",
    "thematiques",
    "taxonomies",
    "glossary",
    "ppli",
    "resources",
    "directory",
    "agenda",
    "network",
    "search",
    "pagecache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_footnotes",
    "wagtailautocomplete",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    # The production task queue's table; installed everywhere so migrations never differ.
    "django_tasks_db",
    "csp",
    "axes",
    # Its French messages (the validator is in AUTH_PASSWORD_VALIDATORS).
    "django_zxcvbn_password_validator",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses HTML where no nginx does (docs/performance.md): outside the page cache, so
    # every answer, cached or not, leaves compressed; Django ≥ 4.2 pads it against BREACH.
    *(["django.middleware.gzip.GZipMiddleware"] if env.bool("GZIP_HTML", default=True) else []),
    # Right after SecurityMiddleware: every answer, even one from a cache, gets the policies.
    "portal.security.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and auth: a cached page is served without touching the database.
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site's templates, one folder per app (the design card's top-level templates/).
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "pagecache.context_processors.page_cache",
                "glossary.context_processors.glossary",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite by default so a fresh checkout runs with nothing installed; DATABASE_URL switches engine.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory unless CACHE_URL (any django-environ cache URL) or REDIS_URL is given.
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
    "SOCKET_TIMEOUT": env.float("REDIS_TIMEOUT", default=0.5),
}
if env("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif env("REDIS_URL", default=""):
    # The cache is an accelerator, never a dependency: django-redis answers a failed call as a
    # miss (IGNORE_EXCEPTIONS), so with Redis down pages are rendered uncached, forms work, the
    # rate limits let everyone through (a limit that cannot count does not block) and the
    # admin works. Short timeouts keep an unreachable Redis from holding requests; the failure
    # is logged once a minute per process (core.logging.OncePerInterval), not per request.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-redis logs each ignored failure to this logger, filtered to once a minute (LOGGING).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "portal.cache"

# Anonymous pages are served from the cache (pagecache/): how long the app keeps them (0 turns
# the page cache off), and what Cache-Control tells a caching proxy / CDN and browsers.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
PAGE_CACHE_PROXY_SECONDS = env.int("PAGE_CACHE_PROXY_SECONDS", default=600)
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=60)
# Every cache key (pages, menu, footer, template fragments) names the code version, so a
# deploy never serves pages made by the previous code. CODE_VERSION (a commit id, a release
# tag) when the deploy sets it; empty, each process hashes the project's source files once
# (.py, .html, .css, .js, .yaml, .po of its apps, settings, templates, static sources and
# translations; not the virtualenv, tests, media or collected static files): see
# pagecache/version.py. Nobody has to bump anything.
CODE_VERSION = env("CODE_VERSION", default="")

# A caching proxy or CDN in front of the site is purged when pages are published:
# FRONTEND_CACHE_PURGE_URL for an HTTP PURGE (nginx, Varnish), CLOUDFLARE_* for Cloudflare.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if env("CLOUDFLARE_API_TOKEN", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONEID"),
    }

# Brute force on the admin login (django-axes, docs/production.md): after 5 wrong passwords
# for one account from one address, that pair is locked out for 15 minutes (429 and a French
# page); a right password before that clears the count. Per pair, so that nobody can lock an
# editor out from elsewhere by typing their name. Failures are stored in the database, shared
# by every app server; `manage.py axes_reset` unlocks.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Ten failed logins for one account (from any address), or from one address (for any
# account), suspend logging in that way for fifteen minutes: guessing is slowed whichever way
# it spreads, and an attacker can keep a person out for a quarter of an hour at most (the
# lockout page says so; `manage.py axes_reset` lifts it at once).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The address axes counts: REMOTE_ADDR (set by portal/proxy.py), None when it is not one.
AXES_CLIENT_IP_CALLABLE = "portal.proxy.request_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Repetitive or guessable passwords ("aaaaaaaaaaaa", "redac2redac2"): zxcvbn's estimate,
    # at least 3 of 4 ("safely unguessable"); its messages are in French.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
PASSWORD_MINIMAL_STRENGTH = 3

LANGUAGE_CODE = "fr-be"
LANGUAGES = [("fr-be", "Français")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: EMAIL_URL (smtp://user:pass@host:587/?tls=True) or the console in dev.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Portail C.A.I. <noreply@cainamur.be>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Who is told of a server error (Django mails them the error, through EMAIL_URL):
# ADMINS="Nom <adresse>, Autre nom <adresse>". Empty, nobody is: the 500 page then promises
# nothing (portal/views.py server_error).
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([env("ADMINS", default="")])
    if address
]

# Search: the database backend (SQLite FTS5 / PostgreSQL full text) unless an engine URL is set.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend for SQLite or PostgreSQL, reading queries in French.
        "BACKEND": "search.backends.FrenchDatabaseBackend",
        # PostgreSQL: created by search/migrations/0001 (SQLite's FTS5 ignores it).
        "SEARCH_CONFIG": "french_unaccent",
    }
}
SEARCH_ENGINE_URLS = {
    "ELASTICSEARCH_URL": "search.backends.FrenchElasticsearch9Backend",
    "OPENSEARCH_URL": "search.backends.FrenchOpenSearch3Backend",
}
for url_variable, engine in SEARCH_ENGINE_URLS.items():
    if env(url_variable, default=""):
        WAGTAILSEARCH_BACKENDS["default"] = {
            "BACKEND": engine,
            "URLS": env.list(url_variable),
            # Indexes are named <prefix><app>_<model>: wagtailcore_page, resources_portaldocument…
            "INDEX_PREFIX": env("SEARCH_INDEX_PREFIX", default="portail_cai_"),
            "TIMEOUT": 10,
        }
        break

# Background tasks (django-tasks). The immediate backend runs a task as soon as it is
# enqueued, after the database commit, so dev and tests need no worker; production.py
# defaults to the database queue (django_tasks_db, run by manage.py db_worker).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Working-group sign-ups: requests allowed per address and window (seconds; only stored requests
# and caught bots count: the one guarded form, core/guarded_form.py), and how many months
# refused or unanswered requests are kept (see manage.py purge_signups).
PPLI_SIGNUP_RATE_LIMIT = (
    env.int("SIGNUP_RATE_LIMIT", default=5),
    env.int("SIGNUP_RATE_WINDOW", default=600),
)
PPLI_SIGNUP_RETENTION_MONTHS = env.int("SIGNUP_RETENTION_MONTHS", default=12)
# A task "running" for longer than this was left by a dead worker: manage.py
# requeue_stale_tasks (every 5 minutes) puts it back in the queue, up to TASK_MAX_CLAIMS runs.
TASK_STALE_MINUTES = env.int("TASK_STALE_MINUTES", default=15)
TASK_MAX_CLAIMS = env.int("TASK_MAX_CLAIMS", default=3)
# Agenda (agenda/registrations.py): within AGENDA_OFFER_WINDOW_HOURS of a session, a freed
# place is offered to the first person waiting and held AGENDA_OFFER_HOLD_HOURS; earlier, it is
# given at once. A registration's link works until AGENDA_LINK_DAYS_AFTER days after its session.
AGENDA_OFFER_WINDOW_HOURS = env.int("AGENDA_OFFER_WINDOW_HOURS", default=48)
AGENDA_OFFER_HOLD_HOURS = env.int("AGENDA_OFFER_HOLD_HOURS", default=12)
AGENDA_LINK_DAYS_AFTER = env.int("AGENDA_LINK_DAYS_AFTER", default=30)
# The registrations (and their reminders) of a session are deleted this many months after it
# (manage.py purge_agenda_registrations, each night); the privacy page states the period.
AGENDA_RETENTION_MONTHS = env.int("AGENDA_RETENTION_MONTHS", default=12)

# The network's channels (network/): sendings of its three forms and requests for a follow-up
# link per address and window (seconds), counted like the other public forms
# (core/guarded_form.py); how long a consultation's confirmation link and a follow-up link work.
NETWORK_FORM_RATE_LIMIT = (
    env.int("NETWORK_FORM_RATE_LIMIT", default=5),
    env.int("NETWORK_FORM_RATE_WINDOW", default=600),
)
NETWORK_LINK_RATE_LIMIT = (
    env.int("NETWORK_LINK_RATE_LIMIT", default=3),
    env.int("NETWORK_LINK_RATE_WINDOW", default=900),
)
NETWORK_CONFIRM_DAYS = env.int("NETWORK_CONFIRM_DAYS", default=7)
NETWORK_LINK_DAYS = env.int("NETWORK_LINK_DAYS", default=7)
# Retention (manage.py purge_network_data, each night; the privacy page states the periods): a
# finding's or a request's sender (name, address, phone, their own words, messages) this many
# months after it is closed (a published finding keeps only its public summary); a
# consultation's addresses this many months after it closed (the answers stay, anonymous);
# unconfirmed sendings and follow-up links once expired.
NETWORK_RETENTION_MONTHS = env.int("NETWORK_RETENTION_MONTHS", default=24)
NETWORK_CONSULTATION_RETENTION_MONTHS = env.int("NETWORK_CONSULTATION_RETENTION_MONTHS", default=6)

# How long the other personal data is kept, purged each night (manage.py purge_personal_data,
# purge_search_logs); the privacy page states these periods (home.blocks.RetentionPeriodsBlock).
CONTACT_MESSAGE_RETENTION_DAYS = env.int("CONTACT_MESSAGE_RETENTION_DAYS", default=365)
LOGIN_RECORD_RETENTION_DAYS = env.int("LOGIN_RECORD_RETENTION_DAYS", default=90)
SEARCH_LOG_RETENTION_DAYS = env.int("SEARCH_LOG_RETENTION_DAYS", default=90)

# Contact form: messages allowed per address and window (seconds), counted like the sign-ups
# (only stored messages and caught bots; core/guarded_form.py).
CONTACT_FORM_RATE_LIMIT = (
    env.int("CONTACT_RATE_LIMIT", default=5),
    env.int("CONTACT_RATE_WINDOW", default=600),
)
# The agenda's registrations and the changes made from a registration's own page, per address
# (agenda/views.py): a colleague may register a whole team, one by one.
AGENDA_REGISTRATION_RATE_LIMIT = (
    env.int("AGENDA_REGISTRATION_RATE_LIMIT", default=20),
    env.int("AGENDA_REGISTRATION_RATE_WINDOW", default=3600),
)

# E-mail tasks (contact form, sign-ups) that find the mail server down are enqueued again after
# each of these delays (seconds), then given up and marked failed: 6 attempts over about 8 h 30
# (core/retry.py). Needs a queue that can wait (django_tasks_db): the immediate backend of
# development and tests tries once.
EMAIL_RETRY_DELAYS = env.list("EMAIL_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200, 21600])

WAGTAIL_SITE_NAME = "Centre d'action interculturelle de la province de Namur"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Page URLs in plain ASCII ("seances-d-information", not percent-encoded accents).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Autosave stores a draft page as soon as a creation form is touched: an abandoned "Ajouter
# une action" then blocks the next one with its number. Editors save explicitly (the button
# or Ctrl+S); Wagtail still warns before leaving a page with unsaved changes.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_USER_LOGIN_FORM = "home.admin_forms.LoginForm"
# « Mot de passe oublié ? » goes through the task queue, the same answer for every address.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "home.admin_forms.QueuedPasswordResetForm"
# Reset demands allowed per typed address and per client, and the window (seconds). Over a
# limit the answer stays the same and nothing is sent (home/admin_forms.py).
PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS = (
    env.int("PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS", default=3),
    env.int("PASSWORD_RESET_RATE_WINDOW", default=3600),
)
PASSWORD_RESET_RATE_LIMIT_PER_CLIENT = (
    env.int("PASSWORD_RESET_RATE_LIMIT_PER_CLIENT", default=10),
    env.int("PASSWORD_RESET_RATE_WINDOW", default=3600),
)
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_DOCUMENT_MODEL = "resources.PortalDocument"
# Asks for a real title, not the file's name (resources/document_form.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "resources.document_form.PortalDocumentForm"
# The separator of the admin's CSV exports (sign-ups, contact messages, reports): ";" is what
# a French-speaking Excel expects; "," for other spreadsheet programs. Open-data files keep ",".
STAFF_CSV_DELIMITER = env("STAFF_CSV_DELIMITER", default=";")
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILFORMS_HELP_TEXT_ALLOW_HTML = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers (README, « En-têtes de sécurité »); HSTS is set in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's admin previews pages in a same-origin frame, so DENY would break previews;
# SAMEORIGIN (and frame-ancestors 'self' below) still blocks every other site from framing ours.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Video embeds: the only oEmbed providers editors can use, and so the only hosts the
# Content-Security-Policy lets the site frame (any other embed would be a blocked frame).
WAGTAILEMBEDS_FINDERS = [
    {"class": "wagtail.embeds.finders.oembed", "providers": [oembed_youtube, oembed_vimeo]}
]
VIDEO_EMBED_ORIGINS = ["https://www.youtube.com", "https://player.vimeo.com"]

# Content-Security-Policy (django-csp): scripts and styles only from our own files, nothing
# inline, no eval. CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only, to
# try a change on the live site without breaking anything.
# The directory's map (directory app): the tile server and its attribution, OpenStreetMap's by
# default. Its origin is the only image host the policy adds ("{s}" subdomains become "*.").
DIRECTORY_TILE_URL = env.str(
    "DIRECTORY_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
DIRECTORY_TILE_ATTRIBUTION = env.str(
    "DIRECTORY_TILE_ATTRIBUTION",
    default='© <a href="https://www.openstreetmap.org/copyright">les contributeurs '
    "d'OpenStreetMap</a>",
)
_tiles = urlsplit(DIRECTORY_TILE_URL.replace("{s}.", "*."))
DIRECTORY_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc}"

PUBLIC_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", DIRECTORY_TILE_ORIGIN],
    "frame-src": VIDEO_EMBED_ORIGINS,
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# What the Wagtail admin's own pages add to the public policy (portal/security.py explains
# why previews keep the public one). Wagtail 8.0 cannot run without inline code yet
# (wagtail/wagtail#1288): still no eval, and scripts and styles load only from our origin.
ADMIN_CSP_ADDITIONS = {
    # Inline <script> in Wagtail's own widget templates: choosers (new ImageChooser(…),
    # PageChooser, SnippetChooser, DocumentChooser), date pickers (initDateTimeChooser, in every
    # page's scheduling dialog), InlinePanel and MultipleChooserPanel; jQuery also runs the
    # inline scripts of chooser modals and of each new inline-panel child. Their arguments
    # vary per form, so hashes cannot list them, and Wagtail renders them without a nonce.
    "script-src": [UNSAFE_INLINE],
    # Draftail, the rich text editor, adds <style> elements (placeholders, list counters).
    "style-src": [UNSAFE_INLINE],
    # The multiple image upload shows each chosen file as a blob: image before sending it.
    "img-src": ["blob:"],
    # The preview panel frames the page being edited.
    "frame-src": [SELF],
}
# Editors' avatars would otherwise come from gravatar.com: a third-party image host for the
# admin's policy, and each editor's e-mail hash sent to it; Wagtail's default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
_csp_report_only = env.bool("CSP_REPORT_ONLY", default=False)
CONTENT_SECURITY_POLICY = None if _csp_report_only else {"DIRECTIVES": PUBLIC_CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_REPORT_ONLY = (
    {"DIRECTIVES": PUBLIC_CSP_DIRECTIVES} if _csp_report_only else None
)

# Permissions-Policy: the site uses none of these browser features; video frames keep the
# ones they ask for (autoplay, fullscreen, sensors…), which are not listed here.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "hid",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    ]
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # A cache outage would log on every request: once a minute per process is enough.
        "once_a_minute": {"()": "core.logging.OncePerInterval", "seconds": 60},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "portal.cache": {
            "handlers": ["console"],
            "level": "WARNING",
            "filters": ["once_a_minute"],
            "propagate": False,
        },
    },
}
