"""Requests per second of the project's API against stock Wagtail API v2 and a bare WSGI app.

    make bench-api     # the comparison, about three minutes
    make bench-soak    # the comparison, then ten minutes at 80 % of the maximum, 0 errors

A scratch SQLite database is made in a temporary folder, migrated and loaded with the Troms
content, then filled with copies of its support schemes (published as an editor would, so
their API documents are built) until a 20-item listing of schemes is full. Then, one at a
time, gunicorn with 2 workers on 127.0.0.1 and the project's gunicorn.conf.py serves:

    ours     the project, with its production settings over plain HTTP
             (SECURE_SSL_REDIRECT=false, DEBUG off, persistent database connections);
    ours, response cache off
             the same with API_CACHE_TIMEOUT=0: every request reads the document store;
    stock    Wagtail's own PagesAPIViewSet on the same database (bench/stock_settings.py):
             no document store, no response cache;
    bare     a WSGI app returning the bytes of our detail response (bench/api_bare.py).

wrk loads each for --duration seconds after a warm-up, and the requests per second and their
ratios are printed against the targets: our listing at least 5 times stock's, our cached
detail at least 0.35 of the bare app's. It exits with 1 when a target is missed or a request
failed. wrk comes from Debian; as root the script installs it when it is missing.

The soak (--soak SECONDS) measures the maximum of a mix of API requests, then holds 80 %
(--soak-load) of it for that long and requires 0 failed requests. Traffic goes to loopback
only and every run is bounded in time.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
LISTING = "/api/v2/pages/?type=schemes.SchemePage&fields=*&limit=20"
TARGET_LISTING_RATIO = 5.0
TARGET_DETAIL_RATIO = 0.35
STARTUP_TIMEOUT = 90
# The soak runs in segments of this many seconds, its pace corrected between them.
SOAK_SEGMENT = 30


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of load before each")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--schemes", type=int, default=40, help="support schemes in the tree")
    parser.add_argument("--soak", type=int, default=0, help="seconds of soak; 0 for none")
    parser.add_argument("--soak-load", type=float, default=0.8, help="share of the maximum")
    parser.add_argument(
        "--cache-url", default="", help="a Redis URL for our response cache (default: memory)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    # Internal: run inside the scratch environment to add the generated schemes.
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def fill(total):
    """Copy the loaded schemes until there are ``total``, publishing each; print the paths."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from headless import notify
    from schemes.models import SchemePage

    originals = list(SchemePage.objects.live().order_by("path"))
    for number in range(total - len(originals)):
        original = originals[number % len(originals)]
        copy = original.copy(
            update_attrs={
                "title": f"{original.title} ({number + 2})",
                "slug": f"{original.slug}-{number + 2}",
            },
            keep_live=False,
            copy_revisions=False,
        )
        copy.save_revision().publish()
    notify.wait_for_announcements()
    schemes = list(SchemePage.objects.live().order_by("path"))
    say(
        json.dumps(
            {
                "detail": [f"/api/v2/pages/{page.pk}/" for page in schemes],
                "find": [
                    f"/api/v2/pages/find/?html_path={quote(page.get_url_parts()[2])}"
                    for page in schemes[:5]
                ],
            }
        )
    )


def say(text=""):
    """One line of the report, shown at once: a run takes minutes."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk from Debian ...")
        subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)  # noqa: S607
        return shutil.which("wrk")
    sys.exit("wrk is needed: apt-get install wrk (or run this as root to install it).")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(workdir, port, **extra):
    return {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        # As production runs with PostgreSQL: a worker keeps its database connection.
        "DB_CONN_MAX_AGE": "600",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        **extra,
    }


def prepare(workdir, variables, schemes):
    def run(*args):
        result = subprocess.run(  # noqa: S603 -- our interpreter, fixed arguments
            [sys.executable, *args],
            cwd=BASE_DIR,
            env=variables,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    started = time.monotonic()
    say(f"Preparing a scratch database in {workdir} ...")
    run("manage.py", "migrate", "--no-input", "-v0")
    run("manage.py", "load_troms_content", "-v0")
    paths = json.loads(run(__file__, "--fill", str(schemes)).strip().splitlines()[-1])
    say(f"  {len(paths['detail'])} support schemes, ready in {time.monotonic() - started:.0f} s")
    return paths


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 -- loopback only
        return response.status, response.headers.get("Content-Type", ""), response.read()


@contextmanager
def gunicorn(name, workdir, variables, app=None):
    """Run gunicorn with the project's configuration until the block ends."""
    log = (workdir / f"gunicorn-{name}.log").open("w")
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py"]
    if app:
        command.append(app)
    server = subprocess.Popen(  # noqa: S603 -- our gunicorn, fixed arguments
        command,
        cwd=BASE_DIR,
        env=variables,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{variables['GUNICORN_BIND']}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if server.poll() is not None:
                sys.exit(f"gunicorn ({name}) stopped; see {log.name}")
            try:
                get(f"{base}/api/v2/pages/?limit=1")
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(f"gunicorn ({name}) did not answer; see {log.name}")
                time.sleep(0.2)
        yield base
    finally:
        # The server and its workers, which share the session it was started in; nothing else.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk, url, args, duration, script=None, connections=None):
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{connections or args.connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(  # noqa: S603 -- wrk against our loopback server
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
    )
    output = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    latency = {pct: float(value) * UNITS[unit] for pct, value, unit in LATENCY.findall(output)}
    return {
        "rps": rate,
        "requests": total,
        "errors": errors,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
    }


def measure(wrk, base, path, args, label, results):
    run_wrk(wrk, base + path, args, args.warmup)
    result = run_wrk(wrk, base + path, args, args.duration)
    results[label] = result
    say(
        f"  {label:<42} {result['rps']:>9.1f} req/s   p50 {result['p50_ms']:.2f} ms"
        f"   p99 {result['p99_ms']:.2f} ms   errors {result['errors']}"
    )
    return result


def mix_script(workdir, paths, delay_ms=None):
    """A wrk script that cycles through ``paths``, pausing ``delay_ms`` between requests."""
    lines = [
        "local paths = {" + ", ".join(json.dumps(path) for path in paths) + "}",
        "local counter = 0",
        "request = function()",
        "  counter = counter + 1",
        '  return wrk.format("GET", paths[(counter % #paths) + 1])',
        "end",
    ]
    if delay_ms:
        # wrk delays in whole milliseconds; drawing between the two neighbours keeps the mean.
        whole = int(delay_ms)
        lines += [
            "delay = function()",
            f"  if math.random() < {delay_ms - whole:.4f} then return {whole + 1} end",
            f"  return {whole}",
            "end",
        ]
    script = workdir / ("mix-paced.lua" if delay_ms else "mix.lua")
    script.write_text("\n".join(lines) + "\n")
    return script


def soak(wrk, base, workdir, mix, args):
    """Hold ``args.soak_load`` of the measured maximum of the mix; True when nothing failed."""
    connections = max(args.connections, 64)
    # Long enough for every path to be cached in both workers before the maximum is taken.
    run_wrk(wrk, base, args, max(args.warmup, 5), mix_script(workdir, mix), connections)
    maximum = run_wrk(wrk, base, args, args.duration, mix_script(workdir, mix), connections)
    target = maximum["rps"] * args.soak_load
    say(f"  mix of {len(mix)} API requests: maximum {maximum['rps']:.1f} req/s")
    say(f"  soak: {args.soak} s at {args.soak_load:.0%} = {target:.1f} req/s ...")
    # Each connection sends a request, waits for the answer, then pauses. The pause is set so
    # that all of them together send the target rate, and corrected after every segment, since
    # how long an answer takes drifts with whatever else the machine is doing.
    delay = max(1000.0 * connections / target - (maximum["p50_ms"] or 0), 0.5)
    requests = errors = 0
    worst_p99 = 0.0
    remaining = args.soak
    while remaining > 0:
        seconds = min(SOAK_SEGMENT, remaining)
        script = mix_script(workdir, mix, delay_ms=delay)
        segment = run_wrk(wrk, base, args, seconds, script, connections)
        requests += segment["requests"]
        errors += segment["errors"]
        worst_p99 = max(worst_p99, segment["p99_ms"] or 0)
        remaining -= seconds
        cycle = 1000.0 * connections / max(segment["rps"], 1.0)
        delay = max(delay + 1000.0 * connections / target - cycle, 0.5)
    rate = requests / args.soak
    say(
        f"  soak: {requests} requests in {args.soak} s, {rate:.1f} req/s "
        f"({rate / maximum['rps']:.0%} of the maximum), worst p99 of a "
        f"{SOAK_SEGMENT} s segment {worst_p99:.2f} ms, errors {errors}"
    )
    return errors == 0


def main():
    args = parse_arguments()
    if args.fill is not None:
        fill(args.fill)
        return 0
    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="troms-api-bench-"))
    try:
        return compare(wrk, workdir, args)
    finally:
        if args.keep:
            say(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def compare(wrk, workdir, args):
    port = free_port()
    ours = environment(workdir, port, **({"CACHE_URL": args.cache_url} if args.cache_url else {}))
    paths = prepare(workdir, ours, args.schemes)
    detail = paths["detail"][0]
    results = {}
    passed = True

    say(
        f"gunicorn, 2 workers, 127.0.0.1; wrk -t{args.threads} -c{args.connections}, "
        f"{args.duration} s each after {args.warmup} s of warm-up"
    )
    with gunicorn("ours", workdir, ours) as base:
        status, content_type, body = get(base + LISTING)
        listed = len(json.loads(body)["items"])
        if status != 200 or listed != 20:
            sys.exit(f"Our listing answered {status} with {listed} items, not 20.")
        status, content_type, body = get(base + detail)
        (workdir / "detail.json").write_bytes(body)
        (workdir / "detail.content-type").write_text(content_type)
        measure(wrk, base, LISTING, args, "ours: listing, 20 schemes, fields=*", results)
        measure(wrk, base, detail, args, "ours: cached detail", results)
        if args.soak:
            mix = [LISTING, *paths["detail"], *paths["find"], "/api/v2/schemes/"]
            mix += ["/api/v2/people/", "/api/v2/pages/?limit=20", "/api/openapi.json"]
            passed &= soak(wrk, base, workdir, mix, args)

    uncached = {**ours, "API_CACHE_TIMEOUT": "0"}
    with gunicorn("ours-uncached", workdir, uncached) as base:
        measure(wrk, base, LISTING, args, "ours, response cache off: listing", results)
        measure(wrk, base, detail, args, "ours, response cache off: detail", results)

    stock = {**ours, "DJANGO_SETTINGS_MODULE": "bench.stock_settings"}
    with gunicorn("stock", workdir, stock) as base:
        status, _, body = get(base + LISTING)
        if status != 200 or len(json.loads(body)["items"]) != 20:
            sys.exit("Stock Wagtail's listing did not answer 20 items.")
        measure(wrk, base, LISTING, args, "stock Wagtail: listing, 20 schemes, fields=*", results)
        measure(wrk, base, detail, args, "stock Wagtail: detail", results)

    bare = {
        **ours,
        "BENCH_BARE_BODY": str(workdir / "detail.json"),
        "BENCH_BARE_CONTENT_TYPE": str(workdir / "detail.content-type"),
    }
    with gunicorn("bare", workdir, bare, app="bench.api_bare:application") as base:
        measure(wrk, base, detail, args, "bare WSGI: the same detail bytes", results)

    listing_ratio = (
        results["ours: listing, 20 schemes, fields=*"]["rps"]
        / (results["stock Wagtail: listing, 20 schemes, fields=*"]["rps"])
    )
    uncached_ratio = (
        results["ours, response cache off: listing"]["rps"]
        / (results["stock Wagtail: listing, 20 schemes, fields=*"]["rps"])
    )
    detail_ratio = (
        results["ours: cached detail"]["rps"] / results["bare WSGI: the same detail bytes"]["rps"]
    )
    say()
    say(
        f"listing, ours / stock:          {listing_ratio:8.1f}x  "
        f"(target >= {TARGET_LISTING_RATIO:g}x)  "
        f"{'met' if listing_ratio >= TARGET_LISTING_RATIO else 'MISSED'}"
    )
    say(f"listing, ours uncached / stock: {uncached_ratio:8.1f}x")
    say(
        f"cached detail, ours / bare:     {detail_ratio:8.2f}   "
        f"(target >= {TARGET_DETAIL_RATIO:g})  "
        f"{'met' if detail_ratio >= TARGET_DETAIL_RATIO else 'MISSED'}"
    )
    failures = sum(result["errors"] for result in results.values())
    if failures:
        say(f"{failures} requests failed")
    passed &= listing_ratio >= TARGET_LISTING_RATIO
    passed &= detail_ratio >= TARGET_DETAIL_RATIO
    passed &= failures == 0
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
