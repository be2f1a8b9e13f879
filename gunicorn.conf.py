"""gunicorn's settings for production: `gunicorn` run from the project folder reads this file.

Everything that differs between servers comes from the environment, like Django's settings.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


wsgi_app = "cms.wsgi:application"
# Loopback unless told otherwise: the proxy or CDN in front is the only client. In a container,
# GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "") or "127.0.0.1:8000"

# Sync workers: a request either comes from the shared cache in about a millisecond or does
# its database work; neither waits long on anything a thread would help with. Two per core
# plus one keeps the cores busy while a worker waits on the database.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
# Loading Django before forking shares its memory between workers and makes a broken
# deploy fail at once, in the master, instead of in a loop of dying workers.
preload_app = True
# A worker is replaced after this many requests (with some jitter, so they do not all restart
# together), which bounds any slow growth of memory.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = max_requests // 10
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Idle keep-alive connections from the proxy or CDN in front.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Logs go to standard output and error, where the service manager or container collects them.
# GUNICORN_ACCESS_LOG=off leaves the access log to the proxy in front.
accesslog = None if os.environ.get("GUNICORN_ACCESS_LOG") == "off" else "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def post_fork(server, worker):
    # A database connection opened while the app was preloaded must not be shared by workers.
    from django.db import connections

    connections.close_all()
