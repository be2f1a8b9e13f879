"""A bare WSGI app that answers every request with the bytes of one saved API response.

The upper limit for gunicorn on this machine: no Django, no database, no cache. The benchmark
saves the body and content type of the project's response and names the files in
BENCH_BARE_BODY and BENCH_BARE_CONTENT_TYPE.
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_BARE_BODY"]).read_bytes()
HEADERS = [
    ("Content-Type", Path(os.environ["BENCH_BARE_CONTENT_TYPE"]).read_text().strip()),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
