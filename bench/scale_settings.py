"""The scale benchmark's settings: the base settings as a server runs them (DEBUG off, the
project's own background task backend, if it has one, left as it is), with a throwaway key, an
in-memory cache and media in a temporary folder. The test settings would run background work
inside the request, which is what the benchmark must tell apart. Connections persist between
requests, as in the production profile (its ``DB_CONN_MAX_AGE`` default), so that opening one is
not counted in every read.
"""

import tempfile

from cms.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="troms-scale-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
