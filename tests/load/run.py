"""``make loadtest``: the portal under 100 simulated users (tests/load/locustfile.py).

Prepares a scratch database (SQLite in the temp folder, or ``DATABASE_URL`` if set): migrate,
``seed_scale`` (on top of the demo; a second run finds it in place), the load test's accounts
and one report to the Minister. Then serves the portal with gunicorn on loopback under the
production settings (DEBUG off, collected static files, Celery tasks in-process as no broker
is set), runs locust headless against it, stops gunicorn and writes the summary as JSON: the
sign-in phase (every user signs in as spawned), then ``--time`` seconds of browsing by all.

    .venv/bin/python tests/load/run.py [--users 100] [--spawn-rate 20] [--time 60]
"""

import argparse
import csv
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
SIGN_IN_ALLOWANCE = 600  # seconds the users may take to sign in before the browsing phase


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--time", type=int, default=60, help="seconds of browsing measured")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--wait", default="1,5", help="think time between pages, min,max (s)")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "portal-load")
    parser.add_argument(
        "--output", type=Path, help="default: reports/benchmarks/loadtest-<database>.json"
    )
    args = parser.parse_args()

    args.scratch.mkdir(parents=True, exist_ok=True)
    server_url = os.environ.get("DATABASE_URL", "")
    vendor = "postgresql" if server_url.startswith(("postgres", "pgsql")) else "sqlite"
    output = args.output or BASE_DIR / "reports" / "benchmarks" / f"loadtest-{vendor}.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "emulation_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_MEDIA_ROOT": str(args.scratch / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }

    def manage(*command, capture=False, database_url=None) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env={**env, "DATABASE_URL": database_url} if database_url else env,
            check=True,
            stdout=subprocess.PIPE if capture else None,
            text=True,
        )
        return (done.stdout or "").strip()

    if vendor == "postgresql":
        # A fresh scratch database beside DATABASE_URL's, which is never touched (as make bench).
        env["DATABASE_URL"] = manage(
            *("bench_database", "recreate", "--suffix", "loadtest", "--url", server_url),
            capture=True,
            database_url=server_url,
        )
    else:
        # Kept between runs: seed_scale finds its data in place.
        env["DATABASE_URL"] = f"sqlite:///{args.scratch / f'scale-{args.scale:g}.sqlite3'}"
    log(f"Preparing {vendor} at scale {args.scale:g}: {env['DATABASE_URL']}")
    manage("collectstatic", "--noinput", "-v0")  # the pages and the PDF read its manifest
    manage("migrate", "--noinput", "-v0")
    manage("seed_scale", "--scale", f"{args.scale:g}")
    accounts_file = args.scratch / "accounts.json"
    manage("loadtest_accounts", "--output", str(accounts_file))
    accounts = json.loads(accounts_file.read_text(encoding="utf-8"))
    if not accounts["done_reports"]:
        manage("build_report", str(accounts["campaign_year"]), "six_month")

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server_log = args.scratch / "gunicorn.log"
    access_log = args.scratch / "gunicorn-access.log"
    access_log.unlink(missing_ok=True)  # gunicorn appends
    log(f"gunicorn with {args.workers} workers on {host} (log: {server_log})")
    with server_log.open("w", encoding="utf-8") as server_output:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "emulation_portal.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)),
                *("--timeout", "60", "--graceful-timeout", "10", "--access-logfile", access_log),
                *("--access-logformat", '%(t)s %(p)s "%(r)s" %(s)s %(L)s'),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=server_output,
            stderr=subprocess.STDOUT,
        )
        # A SIGTERM to this script must still stop gunicorn (the finally below).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            wait_until_up(host, server)
            warm_up(host, args.workers)
            csv_prefix = args.scratch / "locust"
            sign_in_stats = args.scratch / "sign-in-phase.json"
            sign_in_stats.unlink(missing_ok=True)
            load_before = os.getloadavg()[0]
            log(f"locust: {args.users} users, {args.spawn_rate:g}/s, then {args.time} s")
            started = time.monotonic()
            subprocess.run(
                [
                    *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
                    *("-u", str(args.users), "-r", f"{args.spawn_rate:g}"),
                    # An upper bound: the locustfile stops the run once the time is measured.
                    *("-t", f"{args.time + SIGN_IN_ALLOWANCE}s"),
                    *("--host", host, "--csv", str(csv_prefix), "--only-summary"),
                    *("--loglevel", "WARNING", "--exit-code-on-error", "0"),
                ],
                cwd=BASE_DIR,
                env={
                    **env,
                    "LOADTEST_ACCOUNTS": str(accounts_file),
                    "LOADTEST_WAIT": args.wait,
                    "LOADTEST_MEASURE_SECONDS": str(args.time),
                    "LOADTEST_SIGN_IN_STATS": str(sign_in_stats),
                },
                check=True,
            )
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    if vendor == "postgresql":
        manage(
            *("bench_database", "drop", "--suffix", "loadtest", "--url", server_url),
            capture=True,
            database_url=server_url,
        )
    summary = summarize(csv_prefix, server_log, sign_in_stats)
    summary.update(
        database=vendor,
        scale=args.scale,
        users=args.users,
        spawn_rate=args.spawn_rate,
        browsing_seconds=args.time,
        locust_seconds=round(elapsed, 1),
        load_average_before=round(load_before, 2),
        think_time_s=[float(x) for x in args.wait.split(",")],
        gunicorn_workers=args.workers,
        machine={
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if summary["sign_in_phase"]:
        phase = summary["sign_in_phase"]
        sign_in = phase["pages"].get("sign in", {})
        log(
            f"sign-in phase: {phase['seconds']} s; sign in p50 {sign_in.get('p50_ms')} ms, "
            f"p95 {sign_in.get('p95_ms')} ms"
        )
    log(
        f"browsing: {summary['requests']} requests, {summary['requests_per_s']} req/s, "
        f"{summary['errors']} errors, p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
        f"{summary['server_errors_logged']} server errors logged → {output}"
    )
    failed = (
        summary["errors"]
        or summary["server_errors_logged"]
        or summary["client_exceptions"]
        or not summary["sign_in_phase"]
    )
    return 1 if failed else 0


def log(message: str) -> None:
    print(f"[loadtest] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(host: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(f"{host}/dang-nhap/", headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; see its log")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer in time")


def warm_up(host: str, workers: int) -> None:
    """A worker's first request imports the views (WeasyPrint, matplotlib: seconds); long-running
    workers have done it, so concurrent requests do it in every worker before the test."""
    request = urllib.request.Request(f"{host}/dang-nhap/", headers={"X-Forwarded-Proto": "https"})

    def fetch(_):
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=workers * 3) as pool:
        for _round in range(2):
            list(pool.map(fetch, range(workers * 3)))


def summarize(csv_prefix: Path, server_log: Path, sign_in_stats: Path) -> dict:
    """Locust's figures (milliseconds) of the browsing phase, overall and per page, the
    sign-in phase's, and what the server logged. ``errors`` counts both phases."""
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8", newline="") as stats:
        rows = list(csv.DictReader(stats))
    with open(f"{csv_prefix}_failures.csv", encoding="utf-8", newline="") as failures_file:
        failures = [
            {"page": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
            for row in csv.DictReader(failures_file)
        ]

    with open(f"{csv_prefix}_exceptions.csv", encoding="utf-8", newline="") as exceptions_file:
        exceptions = [
            {"error": row["Message"], "count": int(row["Count"])}
            for row in csv.DictReader(exceptions_file)
        ]

    def figures(row: dict) -> dict:
        return {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "requests_per_s": round(float(row["Requests/s"]), 1),
            "p50_ms": number(row["50%"]),
            "p95_ms": number(row["95%"]),
            "p99_ms": number(row["99%"]),
            "max_ms": number(row["Max Response Time"]),
        }

    total = figures(next(row for row in rows if row["Name"] == "Aggregated"))
    log_text = server_log.read_text(encoding="utf-8", errors="replace")
    # Without it the users never all signed in, and locust's figures cover the whole run.
    sign_in = json.loads(sign_in_stats.read_text()) if sign_in_stats.exists() else None
    sign_in_errors = sum(page["errors"] for page in sign_in["pages"].values()) if sign_in else 0
    return {
        **total,
        "errors": total["errors"] + sign_in_errors,
        "browsing_errors": total["errors"],
        "pages": {
            row["Name"]: figures(row)
            for row in rows
            if row["Name"] != "Aggregated" and int(row["Request Count"])
        },
        "failures": failures,
        "client_exceptions": exceptions,  # a bug in the locustfile, not the server
        "sign_in_phase": sign_in,
        "server_errors_logged": log_text.count("Traceback (most recent call last)"),
    }


def number(text: str):
    value = float(text) if text not in ("", "N/A") else None
    return round(value) if value is not None else None


if __name__ == "__main__":
    sys.exit(main())
