"""Local development: the embedded SQLite database, DEBUG on, loopback only."""

from cms.env import env, env_list

from .base import *  # noqa: F403

DEBUG = True
# A development-only key; production reads SECRET_KEY from the environment.
SECRET_KEY = env("SECRET_KEY", "django-insecure-troms-naeringsportal-dev-only")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
