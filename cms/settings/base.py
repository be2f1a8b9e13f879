"""Settings shared by every environment. No secrets and no DEBUG here."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cms.env import env, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "base",
    "taxonomy",
    "headless",
    "editorial",
    "home",
    "people",
    "strategy",
    "schemes",
    "search",
    "cms",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.typed_table_block",
    "wagtail_modeladmin",
    "wagtail_headless_preview",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks_db",
    "corsheaders",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail's admin says "12 seconds ago" through humanize's naturaltime: in bokmål only when
    # humanize's own catalogue is installed with it.
    "django.contrib.humanize",
]

# CORS and the Content-Security-Policy come before the API's response cache, so that cached
# answers get them too; axes comes last, as its documentation asks.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security.CorsMiddleware",
    "cms.security.ContentSecurityPolicyMiddleware",
    "headless.caching.APICacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.approval.AdminRequestMiddleware",
    "headless.caching.PrivateResponsesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# DATABASE_URL selects the database; the embedded SQLite file is the default.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # Persistent connections must survive a database restart without a 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The editor writes from several requests at once (autosave, the edit session's ping, the
    # save itself): a write waits its turn for up to 20 s instead of failing with "database is
    # locked", and takes its lock when its transaction begins, so no reader is caught midway.
    # Write-ahead logging: readers go on reading while a change is written (a rebuild, a save),
    # and a commit appends to the log instead of rewriting pages and syncing the file each time;
    # with synchronous=NORMAL a power cut may lose the last commits, never the database.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes goes first: it refuses a locked-out login before a password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål"))]
# Our own messages first (kept with makemessages); then the Wagtail admin strings that Wagtail's
# own bokmål catalogues lack, so that the screens editors use read as one language.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static_src"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Media addresses in API payloads are absolute, since another site shows them.
MEDIA_BASE_URL = env(
    "MEDIA_BASE_URL", env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
).rstrip("/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models exceed Django's default limit of form fields in the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The largest request body apart from uploaded files (page editor forms, API submissions);
# a larger one is refused before it is read into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

WAGTAIL_SITE_NAME = "Troms næringsportal"
# Everyone works in Norway: the account page offers Oslo time (and the server's, which is the
# same) rather than a list of some 600 zones by their English names.
WAGTAIL_USER_TIME_ZONES = ["Europe/Oslo"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål")]
WAGTAIL_CONTENT_LANGUAGES = [("nb", "Norsk bokmål")]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
# Neither sends editors' data or the admin's visits to third parties: no Gravatar look-ups by
# email hash, no version check against wagtail.org. Upgrades come with deploys.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Uploads: an image is decoded whole when it is checked and its renditions are made, so its
# pixel count bounds a worker's memory, and its file size the disk and the upload. At 24 million
# pixels (a 6000 x 4000 photo) a worker peaks about 190 MB above its resting size
# (`make bench-images`); at 40 million it was 230 MB, and near 800 MB before renditions were
# made one at a time.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 24_000_000)
# No image is stored without alt text: the admin's image forms require it (see editorial.images).
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.images.AltTextImageForm"

# The admin's own search. On PostgreSQL it stems with the norwegian configuration; SQLite's
# backend has none. Citizen search (/sok/, /api/v2/search/) has its own index: see search/.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "norwegian"},
}
# Days of search query hits kept by `manage.py searchpromotions_garbage_collect`; the report of
# searches without results looks back over the same period.
WAGTAILSEARCH_HITS_MAX_AGE = 90

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("WAGTAILDOCS_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
# Documents download through Django, which refuses those that are not public (see headless.media),
# whatever storage holds the files; the proxy must not serve MEDIA_ROOT/documents/ itself.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# The editor opens rich text it did not write (imports, scripts) cleaned instead of failing.
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "base.sanitise.SafeDraftailRichTextArea"}}

# The county site reads rich text as display HTML, not Wagtail's internal database HTML.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100

# Public URLs in API payloads point at the county's website, which renders our content.
FRONTEND_BASE_URL = env("FRONTEND_BASE_URL", "https://www.tromsfylke.no").rstrip("/")

# Editors can also preview a draft on the county's website (see headless.preview): the admin frames
# FRONTEND_PREVIEW_URL?content_type=...&token=..., and the county site reads the draft from
# /api/v2/page_preview/ with that token until it is HEADLESS_PREVIEW_TOKEN_MAX_AGE seconds old.
FRONTEND_PREVIEW_URL = env("FRONTEND_PREVIEW_URL", f"{FRONTEND_BASE_URL}/preview/")
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": FRONTEND_PREVIEW_URL}}
HEADLESS_PREVIEW_TOKEN_MAX_AGE = env_int("HEADLESS_PREVIEW_TOKEN_MAX_AGE", 60 * 60)

# The feedback box takes this many submissions per client per period in seconds, counted in the
# shared cache. X-Forwarded-For is trusted only as far as FEEDBACK_TRUSTED_PROXY_COUNT proxies
# (CDN, load balancer) in front of the app append to it; with 0 it is ignored.
FEEDBACK_RATE_LIMIT = env("FEEDBACK_RATE_LIMIT", "5/600")
FEEDBACK_TRUSTED_PROXY_COUNT = env_int("FEEDBACK_TRUSTED_PROXY_COUNT", 0)
# Submissions older than this many days are deleted by `manage.py delete_expired_feedback`,
# which is run daily: they hold what citizens wrote, often with a name and an email address.
FEEDBACK_RETENTION_DAYS = env_int("FEEDBACK_RETENTION_DAYS", 365)

# Responses of the public API are cached per content version (see headless.caching).
API_CACHE_PATH_PREFIXES = ("/api/v2/", "/api/openapi.json")
# Drafts that editors preview on the county site are not: no cache may keep them.
API_CACHE_EXCLUDED_PATH_PREFIXES = ("/api/v2/page_preview/",)
API_CACHE_TIMEOUT = env_int("API_CACHE_TIMEOUT", 60 * 60)
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
API_CACHE_STALE_WHILE_REVALIDATE = env_int("API_CACHE_STALE_WHILE_REVALIDATE", 300)

# Where this API is reached from outside, for the absolute URLs in change notices and purges.
API_BASE_URL = env("API_BASE_URL", env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")).rstrip(
    "/"
)
# The same address in Wagtail's own absolute URLs, e.g. where find (/pages/find/) redirects;
# Wagtail would otherwise take it from the Site record, which says "localhost".
WAGTAILAPI_BASE_URL = API_BASE_URL

# Background work (django-tasks, which Wagtail uses too). Wagtail's own tasks run on "default",
# at once, as part of the save that enqueues them: its reference index says which uploads are
# public, and an image used by a page just published must be public with the page. Work that
# grows with the number of pages a change touches (rebuilding the documents of every page that
# shows a person, an image or a moved parent, and their purges and webhooks) runs on
# "background", stored in the database and done by `python manage.py db_worker`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
BACKGROUND_TASK_BACKEND = "background"
# Seconds a queued rebuild may wait before `check --deploy --database default` warns and /health/
# says "degraded": longer means that no worker runs, or that it cannot keep up.
REBUILD_QUEUE_MAX_AGE = env_int("REBUILD_QUEUE_MAX_AGE", 600)

# The county site is told of every public change by a signed webhook (HMAC-SHA256 over
# "<timestamp>.<body>" in X-Webhook-Signature), when an address is set.
COUNTY_WEBHOOK_URL = env("COUNTY_WEBHOOK_URL", "")
COUNTY_WEBHOOK_SECRET = env("COUNTY_WEBHOOK_SECRET", "")
COUNTY_WEBHOOK_TIMEOUT = float(env("COUNTY_WEBHOOK_TIMEOUT", "5"))

# The CDN in front of the API is purged on every change when configured: FRONTEND_CACHE_URL for
# a Varnish-style HTTP purge, or Cloudflare with CLOUDFLARE_BEARER_TOKEN and CLOUDFLARE_ZONEID.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_URL", ""):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_URL"),
    }
if env("CLOUDFLARE_ZONEID", ""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONEID"),
    }

# The public API answers every client the same way: no sessions, no logins, no cookies.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
}

# Browsers may read the public API from the origins in CORS_ALLOWED_ORIGINS alone (e.g. the
# county site's own scripts); servers need no CORS. Only reading is allowed, plus submitting a
# form: cms.security.CorsMiddleware narrows the methods per path.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_POST_URL_PREFIXES = ("/api/v2/forms/",)
# ETag is not one of the response headers a browser shows a cross-origin script by default.
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

# Content-Security-Policy of HTML responses: the Wagtail admin, /sok/, /api/docs/ and previews.
# Scripts come from files on this site alone; only the admin (ADMIN_PATH_PREFIX), which still
# needs a few inline scripts, adds 'unsafe-inline' (see cms.security). Inline styles stay
# allowed. Every other response (JSON, iCalendar, redirects) gets cms.security.NON_HTML_POLICY:
# it loads nothing and may not be framed.
ADMIN_PATH_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# Admin logins: after AXES_FAILURE_LIMIT failed attempts for one username from one address,
# that pair is refused for AXES_COOLOFF_MINUTES. By username and address together, so that
# colleagues behind the county's shared address do not lock each other out; the address is
# read as the feedback box reads it (FEEDBACK_TRUSTED_PROXY_COUNT).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "headless.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
# Failed attempts are all the lockout needs; a log of every successful login is personal data
# without a purpose here.
AXES_DISABLE_ACCESS_LOG = True
AXES_COOLOFF_MESSAGE = format_lazy(
    _("Too many failed logins. Try again in {minutes} minutes."),
    minutes=int(AXES_COOLOFF_TIME.total_seconds() // 60),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
