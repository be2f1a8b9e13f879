"""The site's cost at the 15 loaded pages and at 10,000 (or 100,000 on PostgreSQL).

    python bench/scale_bench.py --database sqlite [--pages 10000]
    python bench/scale_bench.py --database postgres://user@host:5432/postgres [--pages 100000]

A scratch database is made (a temporary SQLite file, or a PostgreSQL database named
``troms_scale_bench``, dropped afterwards), migrated and loaded with the Troms content. Every
measure is taken on that small site, then the site is grown with bench/scale_site.py (schemes
under 20 topic pages, one person shown on 2,000 of them, one page that they link to) and
measured again. Reads go through
Django's test client in this process, at both sizes alike, with the API's response cache off so
that every request reads the document store; writes are the editor's own admin requests. The
time from a person's save until every document showing them reflects it is measured with
``manage.py db_worker`` running beside, when the project has that command; so is the time from
unpublishing the page that they link to until no stored document names it.

The table gives p50 and p95 at both sizes and the ratio of the p95s, then PASS or FAIL per
target of the issue. With BENCH_STRICT=1 a missed target makes the exit status 1.
"""

import argparse
import gc
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "troms_scale_bench"
DEFAULT_PAGES = {"sqlite": 10_000, "postgresql": 100_000}
QUERIES = ["bredbånd", "tilskudd", "omstilling", "kompetanse", "næringsutvikling", "frist"]
PROPAGATION_TIMEOUT = 600
# The targets.
API_RATIO = 1.5
SEARCH_P95_MS = 50
EDITOR_SAVE_S = 1.0
PROPAGATION_S = 60
OVERVIEW_MS = 200


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument(
        "--pages", type=int, default=int(os.environ.get("BENCH_SCALE_PAGES") or 0) or None
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def say(text=""):
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def postgres_urls(server_url):
    parts = urlsplit(server_url)
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}")),
    )


def recreate_postgres(maintenance_url, drop_only=False):
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


class Site:
    """What one size of the site is measured on."""

    def __init__(self, label, person, parent, leaves, editor, linked=None):
        from django.test import Client

        from base.publication import public_pages

        self.label = label
        self.person = person
        # A page that other pages show (a link, a card): the one the benchmark unpublishes.
        self.linked = linked
        self.parent = parent
        self.leaves = leaves
        self.client = Client(HTTP_HOST="localhost")
        self.admin = Client(HTTP_HOST="localhost")
        self.admin.force_login(editor)
        self.pages = public_pages().count()
        ids = list(public_pages().values_list("pk", flat=True))
        self.sample = random.Random(7).sample(ids, min(20, len(ids)))  # noqa: S311


def get(client, path, params=None, expect=200):
    started = time.perf_counter()
    response = client.get(path, params or {})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expect:
        raise RuntimeError(f"{path} {params or ''} answered {response.status_code}")
    return elapsed, response


def sampled(requests, rounds):
    """Milliseconds of each request, after one warm-up pass."""
    for request in requests:
        request()
    samples = []
    for _ in range(rounds):
        for request in requests:
            samples.append(request())
    return samples


def read_measures(site, rounds):
    from django.db.models import Count
    from django.test import override_settings
    from wagtail.models import Page

    from schemes.models import SchemePage
    from taxonomy.models import Municipality

    # What the benchmark made before measuring (the 10 000 pages it built, at the large size)
    # stays in its process, where a server has none of it; frozen, it is left out of the garbage
    # collector's passes, as a server that loads before forking leaves its own (gc.freeze).
    gc.collect()
    gc.freeze()
    client = site.client
    paths = [page.get_url_parts()[2] for page in Page.objects.filter(pk__in=site.sample)]
    offset = max(0, min(5000, site.pages - 20))
    # The municipality most schemes name, so that the filtered finder finds something at
    # both sizes (at 15 pages the first municipality has no scheme at all).
    named = (
        SchemePage.municipalities.through.objects.values("municipality_id")
        .annotate(schemes=Count("pk"))
        .order_by("-schemes", "municipality_id")
        .first()
    )
    municipality = Municipality.objects.get(pk=named["municipality_id"]) if named else None
    admin_index = "/admin/schemes/schemepage/"
    measures = {}
    with override_settings(API_CACHE_PATH_PREFIXES=()):
        measures["page detail"] = sampled(
            [lambda pk=pk: get(client, f"/api/v2/pages/{pk}/")[0] for pk in site.sample], rounds
        )
        measures["people"] = sampled([lambda: get(client, "/api/v2/people/")[0]] * 10, rounds)
        measures["find"] = sampled(
            [
                lambda path=path: get(
                    client, "/api/v2/pages/find/", {"html_path": path}, expect=302
                )[0]
                for path in paths
            ],
            rounds,
        )
        measures[f"listing fields=* offset {offset}"] = sampled(
            [
                lambda: get(
                    client, "/api/v2/pages/", {"fields": "*", "limit": 20, "offset": offset}
                )[0]
            ]
            * 10,
            rounds,
        )
        # The same page of the listing by keyset (?after_id=, the last id of the page before).
        after = {}
        if offset:
            before = get(
                client, "/api/v2/pages/", {"fields": "_", "limit": 1, "offset": offset - 1}
            )
            after = {"after_id": before[1].json()["items"][0]["id"]}
        measures[f"listing fields=* after_id at {offset}"] = sampled(
            [lambda: get(client, "/api/v2/pages/", {"fields": "*", "limit": 20, **after})[0]] * 10,
            rounds,
        )
        measures["finder, unfiltered"] = sampled(
            [lambda: get(client, "/api/v2/schemes/")[0]] * 10, rounds
        )
        measures["finder, one municipality"] = sampled(
            [lambda: get(client, "/api/v2/schemes/", {"municipality": municipality.slug})[0]] * 10,
            rounds,
        )
        measures["API search"] = sampled(
            [lambda q=q: get(client, "/api/v2/search/", {"q": q})[0] for q in QUERIES], rounds
        )
        measures["/sok/"] = sampled(
            [lambda q=q: get(client, "/sok/", {"q": q})[0] for q in QUERIES], rounds
        )
    measures["admin scheme overview"] = sampled(
        [lambda: get(site.admin, admin_index)[0]] * 5, rounds
    )
    gc.unfreeze()
    return measures


def timed_post(client, path, data):
    """(seconds, queries) of an editor's POST, which must succeed (a redirect)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(path, data)
        elapsed = time.perf_counter() - started
    if response.status_code != 302:
        errors = getattr(response, "context", None) and response.context.get("form")
        raise RuntimeError(
            f"POST {path} answered {response.status_code}: {errors and errors.errors}"
        )
    return elapsed, len(queries)


def leaf_form(page, title):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "summary": page.summary,
            "status": page.status,
            "body": streamfield([]),
            "eligibility_note": "",
            "related_links": streamfield([]),
            "contacts": streamfield([]),
            "application_rounds": inline_formset([]),
            "funding_note": "",
            "amount": "",
            "apply_url": "",
            "action-publish": "action-publish",
        }
    )


def parent_form(page, title):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "lead": page.lead,
            "intro": rich_text(""),
            "sections": streamfield([]),
            "action-publish": "action-publish",
        }
    )


def person_form(person, name):
    """The person's form as the editor sends it at last: with the change confirmed, since the
    person is shown on published pages (the confirmation page before it is not measured)."""
    from people.views import CONFIRMED

    return {
        CONFIRMED: "1",
        "name": name,
        "job_title": person.job_title,
        "area_of_responsibility": person.area_of_responsibility,
        "department": person.department,
        "email": person.email,
        "phone": person.phone,
        "photo": "",
    }


def member(key, value):
    """A pattern of ``"key": value`` in a stored document's JSON, however it is laid out."""
    return rf'"{re.escape(key)}":\s*{re.escape(value)}'


def wait_until_reflected(page_ids, pattern):
    """Seconds until every one of ``page_ids`` has a document matching ``pattern``."""
    from headless.models import PageDocument

    started = time.perf_counter()
    wanted = set(page_ids)
    while True:
        done = set(
            PageDocument.objects.filter(page_id__in=wanted, payload__regex=pattern).values_list(
                "page_id", flat=True
            )
        )
        wanted -= done
        elapsed = time.perf_counter() - started
        if not wanted or elapsed > PROPAGATION_TIMEOUT:
            return elapsed, len(wanted)
        time.sleep(0.2)


def wait_until_gone(page_ids, pattern):
    """Seconds until no document of ``page_ids`` matches ``pattern`` and none waits to be rebuilt
    (withheld, built afresh on every read meanwhile)."""
    from headless.models import PageDocument, StaleDocument

    started = time.perf_counter()
    while True:
        naming = PageDocument.objects.filter(page_id__in=page_ids, payload__regex=pattern)
        waiting = StaleDocument.objects.filter(page_id__in=page_ids)
        left = set(naming.values_list("page_id", flat=True)) | set(
            waiting.values_list("page_id", flat=True)
        )
        elapsed = time.perf_counter() - started
        if not left or elapsed > PROPAGATION_TIMEOUT:
            return elapsed, len(left)
        time.sleep(0.2)


def write_measures(site):
    from django.urls import reverse
    from wagtail.models import Page

    from base.publication import reference_key
    from headless.models import PageDocumentReference

    measures = {}
    person = site.person
    shown_on = list(
        PageDocumentReference.objects.filter(target=reference_key(person)).values_list(
            "document_id", flat=True
        )
    )
    name = f"{person.name} Endret"
    seconds, queries = timed_post(
        site.admin,
        reverse("wagtailsnippets_people_person:edit", args=[person.pk]),
        person_form(person, name),
    )
    reflected, missing = wait_until_reflected(
        shown_on, member("name", json.dumps(name, ensure_ascii=False))
    )
    measures[f"saving a person on {len(shown_on)} pages"] = [(seconds, queries, reflected, missing)]
    leaf_times = []
    for number, leaf in enumerate(site.leaves):
        seconds, queries = timed_post(
            site.admin,
            reverse("wagtailadmin_pages:edit", args=[leaf.pk]),
            leaf_form(leaf, f"{leaf.title} (endret {number})"),
        )
        leaf_times.append((seconds, queries))
    measures["publishing a leaf"] = leaf_times

    parent = site.parent.specific
    children = list(Page.objects.child_of(parent).live().values_list("pk", flat=True))
    title = f"{parent.title} omdøpt"
    seconds, queries = timed_post(
        site.admin, reverse("wagtailadmin_pages:edit", args=[parent.pk]), parent_form(parent, title)
    )
    reflected, missing = wait_until_reflected(
        children, member("title", json.dumps(title, ensure_ascii=False))
    )
    measures[f"publishing a parent of {len(children)}"] = [(seconds, queries, reflected, missing)]

    linked = site.linked
    shown_on = list(
        PageDocumentReference.objects.filter(target=reference_key(linked)).values_list(
            "document_id", flat=True
        )
    )
    seconds, queries = timed_post(
        site.admin, reverse("wagtailadmin_pages:unpublish", args=[linked.pk]), {}
    )
    # The page as a document shows it: {"id":…,"title":…}.
    gone, missing = wait_until_gone(shown_on, member("id", str(linked.pk)) + r',\s*"title":')
    measures[f"unpublishing a page shown on {len(shown_on)} pages"] = [
        (seconds, queries, gone, missing)
    ]
    return measures


def worker_context():
    """Starts ``manage.py db_worker`` beside the measurement when the project has one."""
    from contextlib import contextmanager

    from django.core.management import get_commands

    if "db_worker" not in get_commands():
        return (
            "no background worker (manage.py db_worker does not exist here): documents are "
            "rebuilt inside the editor's request",
            _nothing,
        )

    @contextmanager
    def running():
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "db_worker"],
            cwd=BASE_DIR,
            env={**os.environ},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    return "manage.py db_worker running beside, as in production", running


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# Tables of the project's citizen search index and of Wagtail's own (admin, stock ?search=).
PROJECT_INDEX = ("search_",)
WAGTAIL_INDEX = ("wagtailsearch_indexentry",)


def index_sizes():
    """(MiB of the project's index, MiB of Wagtail's, MiB of the whole database), or None."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            try:
                cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            except Exception:  # noqa: BLE001 (SQLite built without dbstat: sizes not shown)
                return None
            sizes = dict(cursor.fetchall())
            cursor.execute("SELECT tbl_name, name FROM sqlite_master")
            owner = {name: table for table, name in cursor.fetchall()}
            by_table = {}
            for name, size in sizes.items():
                by_table[owner.get(name, name)] = by_table.get(owner.get(name, name), 0) + size
        else:
            cursor.execute(
                "SELECT relname, pg_total_relation_size(oid) FROM pg_class "
                "WHERE relkind IN ('r', 'm') AND relnamespace = 'public'::regnamespace"
            )
            by_table = dict(cursor.fetchall())
    mib = 2**20

    def total(prefixes):
        return sum(size for table, size in by_table.items() if table.startswith(prefixes)) / mib

    return total(PROJECT_INDEX), total(WAGTAIL_INDEX), sum(by_table.values()) / mib


def small_site(editor):
    """The loaded content: its most referenced person, its biggest parent, two leaves."""
    from django.db.models import Count
    from wagtail.models import Page

    from base.publication import reference_key
    from headless.models import PageDocumentReference
    from people.models import Person
    from schemes.models import SchemePage

    counts = dict(
        PageDocumentReference.objects.values("target")
        .annotate(count=Count("pk"))
        .values_list("target", "count")
    )
    person = max(Person.objects.all(), key=lambda p: counts.get(reference_key(p), 0))
    parent = Page.objects.filter(depth__gt=2).order_by("-numchild", "path").first()
    leaves = list(SchemePage.objects.live().order_by("path")[:3])
    # A page without children, so that what shows it are links and cards, not breadcrumbs.
    linked = max(
        Page.objects.live().filter(depth__gt=2, numchild=0).order_by("path"),
        key=lambda p: counts.get(reference_key(p), 0),
    )
    return Site("15 pages", person, parent, leaves, editor, linked)


def _base(name):
    """A measure's name without the offset, which differs between the sizes."""
    return name.split(" offset")[0].split(" at ")[0]


def report(small, large, small_writes, large_writes, method, propagation_note):
    rows = []
    failures = []

    def check(ok, text):
        rows.append(f"  {'PASS' if ok else 'FAIL'}  {text}")
        if not ok:
            failures.append(text)

    say()
    say(f"Reads: {method}.")
    say(f"Propagation: {propagation_note}.")
    say()
    say(f"| measure | {small.label} p50 / p95 | {large.label} p50 / p95 | ratio (p95) |")
    say("|---|---:|---:|---:|")
    for name, samples in small.measures.items():
        big_name = next((n for n in large.measures if _base(n) == _base(name)), name)
        big = large.measures[big_name]
        label = name if name == big_name else f"{name} / {big_name.split(' ', 2)[-1]}"
        s50, s95 = statistics.median(samples), percentile(samples, 0.95)
        b50, b95 = statistics.median(big), percentile(big, 0.95)
        say(f"| {label} | {s50:.1f} / {s95:.1f} ms | {b50:.1f} / {b95:.1f} ms | {b95 / s95:.2f}× |")
        base = _base(name)
        listings = ("listing fields=*", "listing fields=* after_id")
        if base in ("page detail", "people", "find", *listings) or base.startswith("finder"):
            check(b95 <= API_RATIO * s95, f"{base}: p95 {b95:.1f} ms ≤ {API_RATIO}× {s95:.1f} ms")
        if base in ("API search", "/sok/"):
            check(b95 <= SEARCH_P95_MS, f"{base}: p95 {b95:.1f} ms ≤ {SEARCH_P95_MS} ms")
        if base == "admin scheme overview":
            check(b95 <= OVERVIEW_MS, f"admin scheme overview: p95 {b95:.1f} ms ≤ {OVERVIEW_MS} ms")
    say()
    say(f"| editor's request | {small.label} | {large.label} | until every document shows it |")
    say("|---|---:|---:|---:|")
    for (small_name, small_rows), (large_name, large_rows) in zip(
        small_writes.items(), large_writes.items(), strict=True
    ):

        def cell(rows):
            seconds = statistics.median(row[0] for row in rows)
            queries = statistics.median(row[1] for row in rows)
            return f"{seconds * 1000:.0f} ms, {queries:.0f} queries"

        after = ""
        if len(large_rows[0]) > 2:
            reflected, missing = large_rows[0][2], large_rows[0][3]
            after = f"{reflected:.1f} s" + (f" ({missing} never)" if missing else "")
        say(
            f"| {small_name} / {large_name.split(' ', 3)[-1]} | {cell(small_rows)} "
            f"| {cell(large_rows)} | {after} |"
        )
        if not large_name.startswith("publishing a leaf"):
            seconds = large_rows[0][0]
            check(
                seconds <= EDITOR_SAVE_S,
                f"{large_name}: the save returns in {seconds:.2f} s ≤ {EDITOR_SAVE_S:.0f} s",
            )
            reflected, missing = large_rows[0][2], large_rows[0][3]
            check(
                not missing and reflected <= PROPAGATION_S,
                f"{large_name}: every document shows it after {reflected:.1f} s "
                f"≤ {PROPAGATION_S} s",
            )
    say()
    say("Targets:")
    for row in rows:
        say(row)
    return failures


def main():
    arguments = parse_arguments()
    if arguments.database == "sqlite":
        scratch = Path(tempfile.mkdtemp(prefix="troms-scale-"))
        database_url = f"sqlite:///{scratch / 'db.sqlite3'}"
        vendor = "sqlite"
    else:
        maintenance_url, database_url = postgres_urls(arguments.database)
        recreate_postgres(maintenance_url)
        vendor = "postgresql"
    pages = arguments.pages or DEFAULT_PAGES[vendor]
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.scale_settings")
    sys.path.insert(0, str(BASE_DIR))
    failures = []
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        from bench import scale_site

        call_command("migrate", verbosity=0)
        call_command("load_troms_content", stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version"
            )
            version = cursor.fetchone()[0]
        editor = get_user_model().objects.create_superuser(
            "skala-redaktor", "skala@example.no", "skala-redaktor-passord"
        )
        say(f"{'SQLite' if vendor == 'sqlite' else 'PostgreSQL'} {version}, {pages} pages")
        propagation_note, worker = worker_context()

        small = small_site(editor)
        say(f"Measuring the small site ({small.pages} public pages) ...")
        small.measures = read_measures(small, arguments.rounds)
        with worker():
            small_writes = write_measures(small)

        parents = scale_site.PARENTS
        schemes = max(parents, pages - small.pages - parents)
        started = time.perf_counter()
        say(f"Building {schemes} schemes under {parents} parents ...")
        built = scale_site.build(
            schemes,
            parents=parents,
            big_parent=min(scale_site.BIG_PARENT, schemes // 2),
            person_pages=min(scale_site.PERSON_PAGES, schemes // 4),
            say=say,
        )
        say(f"  built in {time.perf_counter() - started:.0f} s")
        if vendor == "postgresql":
            # What autovacuum does soon after a bulk load: the planner's statistics and the
            # visibility map of the new rows. Measured after it, not while it runs.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        from schemes.models import SchemePage

        leaves = list(
            SchemePage.objects.filter(pk__in=built["scheme_ids"])
            .exclude(pk__in=built["person_page_ids"])
            .order_by("-pk")[:3]
        )
        large = Site(
            f"{pages:,} pages".replace(",", " "),
            built["person"],
            built["big_parent"],
            leaves,
            editor,
            built["linked_page"],
        )
        large.label = f"{large.pages} pages"
        small.label = f"{small.pages} pages"
        sizes = index_sizes()
        say(f"Measuring the large site ({large.pages} public pages) ...")
        large.measures = read_measures(large, arguments.rounds)
        with worker():
            large_writes = write_measures(large)
        failures = report(
            small,
            large,
            small_writes,
            large_writes,
            "Django's test client in this process at both sizes (bench/scale_settings.py: the "
            "base settings, DEBUG off, local-memory cache), the API's response cache off; "
            f"{arguments.rounds} rounds after a warm-up",
            propagation_note,
        )
        if sizes:
            say(
                f"\nSearch indexes at {large.pages} pages: the project's {sizes[0]:.1f} MiB, "
                f"Wagtail's {sizes[1]:.1f} MiB, of {sizes[2]:.1f} MiB in all."
            )
        connection.close()
    finally:
        if arguments.keep:
            sys.stderr.write(f"Kept the database: DATABASE_URL={database_url}\n")
        elif vendor == "sqlite":
            for path in scratch.iterdir():
                path.unlink()
            scratch.rmdir()
        else:
            recreate_postgres(maintenance_url, drop_only=True)
    if failures and os.environ.get("BENCH_STRICT") == "1":
        sys.exit(1)


if __name__ == "__main__":
    main()
