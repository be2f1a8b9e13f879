"""Local development: the embedded SQLite database, DEBUG on, loopback only."""

from cms.env import env, env_list

from .base import *  # noqa: F403

DEBUG = True
# A development-only key; production reads SECRET_KEY from the environment.
SECRET_KEY = env("SECRET_KEY", "django-insecure-troms-naeringsportal-dev-only")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# No county site runs beside a developer's server: unless FRONTEND_PREVIEW_URL or FRONTEND_BASE_URL
# names one, the preview mode "the county's website" explains that it is not set up, rather than
# framing the public site's address, which does not know this server's drafts.
FRONTEND_PREVIEW_URL = env(
    "FRONTEND_PREVIEW_URL", f"{FRONTEND_BASE_URL}/preview/" if env("FRONTEND_BASE_URL", "") else ""
)
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": FRONTEND_PREVIEW_URL}}
