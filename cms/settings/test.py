"""The pytest-django suite: fast hashing, in-memory caches and media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="troms-test-media-")
# Background tasks run at once, inside the change that enqueues them (tests that need the
# database backend and its worker say so).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Screenshots of the browser tests, kept for a person to look at: one folder per database, so
# that the PostgreSQL run of CI does not overwrite the SQLite run's.
DATABASE_VENDOR = DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]  # noqa: F405
TEST_ARTIFACTS_DIR = BASE_DIR / "test-artifacts" / DATABASE_VENDOR  # noqa: F405
