"""Latency of citizen search at 300 and 3 000 pages, on SQLite or PostgreSQL.

    python bench/search_bench.py --database sqlite
    python bench/search_bench.py --database postgres://user@host:5432/postgres

A scratch database is made for the run (a temporary SQLite file, or a PostgreSQL database
named ``troms_search_bench`` on the given server, dropped afterwards). It is migrated, gets the
real Troms content, and is then filled with generated support schemes whose Norwegian text is
drawn from the two source pages, so that words are shared across pages as on a real site.
Each page is published as an editor's would be: its public document is built and indexed.

For each size the judged queries of tests/search/relevance.py (the plain set and the set of
queries as people type them) are run, after one warm-up pass, ``--rounds`` times through the
search engine (ranking plus the snippets of a first page of 20) and through the /sok/ page
(the whole request, template and query log included); suggestions are asked for every prefix
of those queries, as they would be typed, through /api/v2/search/suggest/ (the whole request,
without the API's response cache). p50 and p95 are
printed in milliseconds, then hit@3 and MRR of the judged queries by kind.
"""

import argparse
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SIZES = (300, 3000)
BENCH_DATABASE = "troms_search_bench"
FIRST_PAGE = 20
SEED = 2026
WORD = re.compile(r"[^\W\d_]+")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default="sqlite",
        help="'sqlite', or the URL of a PostgreSQL server whose role may create databases",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database and print its URL"
    )
    return parser.parse_args()


def postgres_urls(server_url):
    """(maintenance URL, scratch database URL) on the server of ``server_url``."""
    parts = urlsplit(server_url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    scratch = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    return maintenance, scratch


def recreate_postgres(maintenance_url, drop_only=False):
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def source_words():
    text = " ".join(
        (BASE_DIR / "tests" / "content" / name).read_text(encoding="utf-8")
        for name in ("naeringsstrategi-for-troms.txt", "attraktive-samfunn.txt")
    )
    return [word for word in WORD.findall(text) if len(word) > 1]


class TextMaker:
    """Sentences of words from the source pages, with some new compounds of them."""

    def __init__(self, words, rng):
        self.rng = rng
        self.words = words
        nouns = sorted({word.lower() for word in words if len(word) > 5})
        self.compounds = [
            rng.choice(nouns) + rng.choice(["", "s"]) + rng.choice(nouns) for _ in range(400)
        ]

    def word(self):
        if self.rng.random() < 0.08:
            return self.rng.choice(self.compounds)
        return self.rng.choice(self.words)

    def sentence(self, length):
        words = [self.word() for _ in range(length)]
        return " ".join(words).capitalize() + "."

    def paragraph(self, sentences):
        return " ".join(self.sentence(self.rng.randint(6, 16)) for _ in range(sentences))


def fill(total_pages, maker):
    """Add generated schemes until the site has ``total_pages`` public pages."""
    from base.publication import public_pages
    from headless import documents
    from home.models import TopicPage
    from schemes.models import SchemePage

    parent = TopicPage.objects.live().first()
    missing = total_pages - public_pages().count()
    rng = maker.rng
    for number in range(max(missing, 0)):
        body = [
            ("paragraph", f"<p>{maker.paragraph(rng.randint(2, 5))}</p>")
            for _ in range(rng.randint(2, 6))
        ]
        page = parent.add_child(
            instance=SchemePage(
                title=f"{maker.sentence(rng.randint(1, 4))[:-1]} {number}",
                slug=f"ordning-{number}-{rng.randrange(10**9)}",
                summary=maker.sentence(rng.randint(12, 30)),
                body=body,
                live=True,
            )
        )
        documents.rebuild(page)


def write(text):
    sys.stdout.write(text)
    sys.stdout.flush()


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def prefixes(queries):
    """What people have typed on the way to each query: 2 letters and up, each once."""
    typed = {}
    for query in queries:
        for length in range(2, len(query) + 1):
            typed.setdefault(query[:length])
    return list(typed)


def measure_suggestions(queries, rounds):
    """Samples in milliseconds of the whole suggestion request, per prefix typed."""
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="localhost")
    typed = prefixes(queries)
    # Without the API's response cache, which would answer every repeat: each keystroke as if
    # nobody had typed it before.
    with override_settings(API_CACHE_PATH_PREFIXES=()):
        for prefix in typed:  # warm-up, as for searches
            client.get("/api/v2/search/suggest/", {"q": prefix})
        samples = []
        for _ in range(rounds):
            for prefix in typed:
                started = time.perf_counter()
                response = client.get("/api/v2/search/suggest/", {"q": prefix})
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"suggest?q={prefix} answered {response.status_code}")
    return samples


def relevance_by_kind():
    """[(kind, queries, hit@3, MRR)] of the judged queries, the plain set first."""
    from search import engine
    from tests.search.relevance import FORGIVING_JUDGEMENTS, JUDGEMENTS, evaluate

    def titles(query):
        return [hit.title for hit in engine.search(query)]

    sets = [("plain", JUDGEMENTS)]
    for kind in dict.fromkeys(kind for _, _, kind in FORGIVING_JUDGEMENTS):
        sets.append(
            (kind, [(query, title) for query, title, of in FORGIVING_JUDGEMENTS if of == kind])
        )
    rows = []
    for kind, judgements in sets:
        evaluation = evaluate(titles, judgements)
        rows.append((kind, len(judgements), evaluation.hit_at_3, evaluation.mrr))
    return rows


def measure(queries, rounds):
    """(engine samples, page samples) in milliseconds."""
    from django.test import Client

    from search import engine

    client = Client(HTTP_HOST="localhost")

    def engine_search(query):
        hits = engine.search(query)
        for hit in hits[:FIRST_PAGE]:
            engine.snippet(hit)

    def page_search(query):
        response = client.get("/sok/", {"q": query})
        if response.status_code != 200:
            raise RuntimeError(f"/sok/?q={query} answered {response.status_code}")

    results = []
    for run in (engine_search, page_search):
        for query in queries:  # warm-up: caches, prepared plans, the stemmer's memo
            run(query)
        samples = []
        for _ in range(rounds):
            for query in queries:
                started = time.perf_counter()
                run(query)
                samples.append((time.perf_counter() - started) * 1000)
        results.append(samples)
    return results


def main():
    arguments = parse_arguments()
    if arguments.database == "sqlite":
        with tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False) as scratch:
            database_url = f"sqlite:///{scratch.name}"
        label = "SQLite"
    else:
        maintenance_url, database_url = postgres_urls(arguments.database)
        recreate_postgres(maintenance_url)
        label = "PostgreSQL"
    try:
        setup_django(database_url)
        from django.core.management import call_command
        from django.db import connection

        from search.models import SearchEntry, Synonym
        from search.synonyms import create_default_synonyms, create_english_synonyms
        from tests.search.relevance import FORGIVING_JUDGEMENTS, JUDGEMENTS

        call_command("migrate", verbosity=0)
        create_default_synonyms(Synonym)
        create_english_synonyms(Synonym)
        call_command("load_troms_content", stdout=io.StringIO())
        queries = [query for query, _ in JUDGEMENTS]
        queries += [query for query, _, _ in FORGIVING_JUDGEMENTS]
        # Seeded, so that every run searches the same generated site.
        maker = TextMaker(source_words(), random.Random(SEED))  # noqa: S311
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sqlite_version()"
                if connection.vendor == "sqlite"
                else "SHOW server_version"
            )
            version = cursor.fetchone()[0]
        write(
            f"\n{label} {version}: {len(queries)} queries × {arguments.rounds} rounds, "
            f"suggestions for {len(prefixes(queries))} prefixes × {arguments.rounds} rounds\n"
        )
        write(
            "| pages | index entries | engine p50 | engine p95 | /sok/ p50 | /sok/ p95 "
            "| suggest p50 | suggest p95 |\n"
        )
        write(
            "|------:|--------------:|-----------:|-----------:|----------:|----------:"
            "|------------:|------------:|\n"
        )
        # The judged queries are about the real content: measured on it alone, then among the
        # generated pages, whose text is drawn from the same words and competes with it.
        from base.publication import public_pages

        relevance = [(f"Troms content ({public_pages().count()} pages)", relevance_by_kind())]
        for size in sorted(arguments.sizes):
            started = time.perf_counter()
            fill(size, maker)
            built = time.perf_counter() - started
            engine_samples, page_samples = measure(queries, arguments.rounds)
            suggest_samples = measure_suggestions(queries, arguments.rounds)
            write(
                f"| {size} | {SearchEntry.objects.count()} "
                f"| {statistics.median(engine_samples):.1f} ms "
                f"| {percentile(engine_samples, 0.95):.1f} ms "
                f"| {statistics.median(page_samples):.1f} ms "
                f"| {percentile(page_samples, 0.95):.1f} ms "
                f"| {statistics.median(suggest_samples):.1f} ms "
                f"| {percentile(suggest_samples, 0.95):.1f} ms |\n"
            )
            relevance.append((f"{size} pages", relevance_by_kind()))
            sys.stderr.write(f"  ({size} pages built and indexed in {built:.0f} s)\n")
        write("\nRelevance of the judged queries, by kind (hit@3 / MRR):\n")
        write("| kind | queries | " + " | ".join(label for label, _ in relevance) + " |\n")
        write("|------|--------:|" + "|".join("----------:" for _ in relevance) + "|\n")
        for position, (kind, count, _, _) in enumerate(relevance[0][1]):
            cells = " | ".join(
                f"{rows[position][2]:.1%} / {rows[position][3]:.3f}" for _, rows in relevance
            )
            write(f"| {kind} | {count} | {cells} |\n")
        connection.close()
    finally:
        if arguments.keep:
            sys.stderr.write(f"Kept the database: DATABASE_URL={database_url}\n")
        elif arguments.database == "sqlite":
            Path(scratch.name).unlink(missing_ok=True)
        else:
            recreate_postgres(maintenance_url, drop_only=True)


if __name__ == "__main__":
    main()
