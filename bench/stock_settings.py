"""Stock Wagtail API v2 for the benchmarks: the project's production settings and database, but
Wagtail's own pages endpoint (bench/stock_urls.py) and no response cache.

Every request is answered as stock Wagtail answers it: the pages are read and serialised anew.
"""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.stock_urls"
MIDDLEWARE = [name for name in MIDDLEWARE if name != "headless.caching.APICacheMiddleware"]  # noqa: F405
