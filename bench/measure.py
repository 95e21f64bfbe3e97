"""Time Accord's heavy pages against a trivial request, on `accord serve` with the bench practice.

    python bench/measure.py --clients 2000 --checkins-per-client 20            # SQLite, temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accord_bench python bench/measure.py --clients 10000 \\
        --checkins-per-client 100                                               # PostgreSQL (fresh database)
    python bench/measure.py --reuse /path/to/data                    # measure one seeded before (SQLite)

For each page it prints: SQL queries (counted in a separate process with Django's test client), p50/p95 of
``--requests`` sequential requests on one connection, the server's CPU ms per request (its worker
processes' user+system time from /proc), requests per second with ``--concurrency`` callers for
``--seconds``, and that rate as a fraction of ``/api/v1/me``'s in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Caller, free_port, seed, server_env, start_server  # noqa: E402

COUNT_QUERIES = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accord.accounts.models import User
pages = json.loads(sys.argv[1])
counts = {}
for name, (email, path) in pages.items():
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(User.objects.get(email=email))
    browser.get(path)
    with CaptureQueriesContext(connection) as captured:
        status = browser.get(path).status_code
    counts[name] = len(captured) if status == 200 else f"HTTP {status}"
print(json.dumps(counts))
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(caller: Caller, path: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = caller.get(path)
        times.append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
    return times


def throughput(caller_for, path: str, concurrency: int, seconds: float) -> float:
    done = [0] * concurrency
    stop = time.monotonic() + seconds

    def loop(i: int) -> None:
        caller = caller_for(i)
        while time.monotonic() < stop:
            if caller.get(path).status == 200:
                done[i] += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--therapists", type=int, default=10)
    parser.add_argument("--checkins-per-client", type=int, default=20)
    parser.add_argument("--reuse", help="a data directory seeded before (skips seeding)")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    data_dir = Path(args.reuse or tempfile.mkdtemp(prefix="accord-bench-"))
    env = server_env(data_dir, database_url)
    if not args.reuse:
        started = time.monotonic()
        seed(
            env,
            clients=args.clients,
            therapists=args.therapists,
            checkins=args.checkins_per_client,
            tokens_for=1,
        )
        took = time.monotonic() - started
        print(f"seeded {args.clients} clients × {args.checkins_per_client} check-ins in {took:.0f} s")
    server = start_server(env, port=args.port or free_port(), workers=args.workers)
    try:
        therapist, client_email = "therapist1@bench.example", "client1@bench.example"
        staff = Caller(server.base)
        staff.sign_in(therapist)
        client_id = staff.get("/api/v1/clients?limit=1").json()["items"][0]["id"]
        goal_id = staff.get(f"/api/v1/clients/{client_id}/goals").json()["items"][0]["id"]
        pages = {
            "/api/v1/me": (therapist, "/api/v1/me"),
            "caseload": (therapist, "/clients/"),
            "client page": (therapist, f"/clients/{client_id}/"),
            "goal page": (therapist, f"/goals/{goal_id}/"),
            "review": (therapist, f"/clients/{client_id}/review/"),
            "client home": (client_email, "/me/"),
            "audit trail": ("admin@bench.example", "/practice/audit/"),
            "audit, a person": ("admin@bench.example", "/practice/audit/?who=therapist7%40bench.example"),
            "audit, a client": ("admin@bench.example", "/practice/audit/?about=Client+4321"),
            "practice clients": ("admin@bench.example", "/practice/clients/"),
        }
        import json

        counted = subprocess.run(
            [sys.executable, "-c", COUNT_QUERIES, json.dumps(pages)],
            env={**env, "DJANGO_SETTINGS_MODULE": "accord.settings", "ACCORD_ALLOWED_HOSTS": "localhost"},
            capture_output=True,
            text=True,
            check=False,
        )
        queries = json.loads(counted.stdout) if counted.returncode == 0 else {}
        if counted.returncode:
            print(counted.stderr[-2000:], file=sys.stderr)
        sessions: dict[str, list[Caller]] = {}

        def callers(email: str) -> list[Caller]:
            if email not in sessions:
                sessions[email] = []
                for _ in range(args.concurrency):
                    caller = Caller(server.base)
                    caller.sign_in(email)
                    sessions[email].append(caller)
            return sessions[email]

        print("load average before:", ", ".join(f"{x:.1f}" for x in os.getloadavg()))
        header = f"{'page':<18}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'req/s':>9}{'× me':>7}"
        print(header)
        print("-" * len(header))
        base_rate = None
        for name, (email, path) in pages.items():
            mine = callers(email)
            timed(mine[0], path, 3)  # warm both workers' caches
            cpu_before = server.cpu_seconds()
            times = timed(mine[0], path, args.requests)
            cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / args.requests
            rate = throughput(lambda i, m=mine: m[i], path, args.concurrency, args.seconds)
            base_rate = base_rate or rate
            print(
                f"{name:<18}{queries.get(name, '?')!s:>8}{percentile(times, 0.5) * 1000:>9.1f}"
                f"{percentile(times, 0.95) * 1000:>9.1f}{cpu_ms:>9.1f}{rate:>9.1f}{rate / base_rate:>7.2f}"
            )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        setup = f"{args.workers} workers, {args.concurrency} callers, {args.seconds:.0f} s each; load {load}"
        print(f"({setup}; data: {data_dir})")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
