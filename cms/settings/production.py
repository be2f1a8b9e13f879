"""Production: every secret and host from the environment, failing fast when one is missing."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from cms.caches import DATABASE_CACHE_TABLE, redis_cache
from cms.env import env, env_bool, env_int, env_list

from .base import *  # noqa: F403

DEBUG = False

SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "The environment variable ALLOWED_HOSTS must list at least one host."
    )

# Absolute addresses of this installation (admin emails, change notices, CDN purges, media URLs
# in payloads) default to HTTPS on the first host in ALLOWED_HOSTS; set them where the public
# address differs, e.g. media on a CDN.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "").rstrip("/")
if not WAGTAILADMIN_BASE_URL:
    _first_host = ALLOWED_HOSTS[0].lstrip(".")
    if _first_host == "*":
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS starts with '*', which names no address: "
            "set the environment variable WAGTAILADMIN_BASE_URL."
        )
    WAGTAILADMIN_BASE_URL = f"https://{_first_host}"
API_BASE_URL = env("API_BASE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")
WAGTAILAPI_BASE_URL = API_BASE_URL
MEDIA_BASE_URL = env("MEDIA_BASE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")

# base.py falls back to the embedded SQLite file; in production that would quietly keep the
# content on the application server's disk, so the database must be named explicitly.
env("DATABASE_URL")

# Workers keep their database connection for a minute instead of opening one per request; the
# health check (settings.base) replaces one the database has dropped.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)  # noqa: F405

# The API's response cache, the feedback box's rate limit and Wagtail's caches must be one for
# every worker process and server. CACHE_URL names a Redis; without it they fall back to a
# table in the database (made by cms/migrations), shared but slower, which `check` warns of.
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "The environment variable CACHE_URL must be a Redis URL "
            f"(redis://, rediss:// or unix://), not {CACHE_URL!r}."
        )
    CACHES = {"default": redis_cache(CACHE_URL, env_int("CACHE_TIMEOUT_MS", 500) / 1000)}
else:
    CACHES = {"default": {"BACKEND": "cms.caches.DatabaseCache", "LOCATION": DATABASE_CACHE_TABLE}}

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The admin frames the county site's preview page, and the Content-Security-Policy allows its
# origin there: an address without https and a host would be framed in no browser, or in clear.
for _name, _url in (
    ("FRONTEND_BASE_URL", FRONTEND_BASE_URL),  # noqa: F405
    ("FRONTEND_PREVIEW_URL", FRONTEND_PREVIEW_URL),  # noqa: F405
):
    _parts = urlsplit(_url)
    if _parts.scheme != "https" or not _parts.hostname or _parts.username or _parts.password:
        raise ImproperlyConfigured(
            f"The environment variable {_name} must be an https:// address with a host "
            f"and no user name or password, not {_url!r}."
        )

# Mail: the feedback box's copies to its to_address, and the workflow's notices to editors
# (a page sent for approval, approved or rejected). A short timeout, so that a mail server that
# does not answer holds a worker for seconds, not minutes.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", f"noreply@{urlsplit(WAGTAILADMIN_BASE_URL).hostname}"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Static files (the admin's scripts and styles, the API docs) are served by the app itself:
# WhiteNoise, right after the security middleware, from what `manage.py collectstatic` wrote to
# STATIC_ROOT, with content-hashed names that browsers and the CDN may keep for good, and
# compressed copies made once at collectstatic time.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS only. Behind a proxy or CDN that terminates TLS, SECURE_PROXY_SSL_HEADER=true makes
# Django trust its X-Forwarded-Proto; without such a proxy in front, clients could forge it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The browsers' preload list binds the whole domain to HTTPS for months and is slow to leave,
# so joining it is the domain owner's decision, not a default; hence Django's reminder is off.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's preview views set SAMEORIGIN themselves; nothing else is meant to be framed.
X_FRAME_OPTIONS = "DENY"
