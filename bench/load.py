"""Concurrent writers and readers against `accord serve`: no errors, no 5xx, every acknowledged write kept.

    python bench/load.py --writers 32 --readers 32 --seconds 60            # SQLite in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accord_bench python bench/load.py ...

Writers are clients calling the API with their own tokens, alternately checking in and sending a message.
Readers are therapists signed in with a session, opening their clients' pages. A 503 with Retry-After
(the write lock not granted in time) is allowed and retried, as a client would; anything else is an error.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Caller, free_port, seed, server_env, start_server  # noqa: E402


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    acknowledged_checkins: list[tuple[str, int, int]] = field(default_factory=list)
    acknowledged_messages: list[tuple[str, int, int, int]] = field(default_factory=list)
    retried: int = 0
    requests: int = 0

    def count(self, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.requests += 1

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)


def _with_retry(tally: Tally, call):
    for _attempt in range(20):
        response = call()
        tally.count(response.status)
        if response.status != 503:
            return response
        with tally.lock:
            tally.retried += 1
        time.sleep(float(response.headers.get("Retry-After", "1")) / 4)
    return response


def writer(base: str, email: str, token: str, ready: threading.Barrier, stop: threading.Event, tally: Tally):
    api = Caller(base, token)
    try:
        client_id = _with_retry(tally, lambda: api.get("/api/v1/clients")).json()["items"][0]["id"]
        goals = _with_retry(tally, lambda: api.get(f"/api/v1/clients/{client_id}/goals")).json()["items"]
        threads = _with_retry(tally, lambda: api.get(f"/api/v1/clients/{client_id}/threads")).json()
        thread_id = threads["items"][0]["id"]
    except Exception as error:  # noqa: BLE001 - reported, not raised, so the other threads go on
        tally.error(f"{email}: setting up: {error!r}")
        return
    finally:
        ready.wait()
    n = 0
    while not stop.is_set():
        n += 1
        try:
            if n % 2:
                entries = [
                    {"goal_id": g["id"], "value": 2, "confidence": 6}
                    if g.get("measure_kind") or g.get("current_version", {}).get("measure_kind")
                    else {"goal_id": g["id"], "progress": 6, "confidence": 6}
                    for g in goals
                ]
                body = {"idempotency_key": str(uuid.uuid4()), "entries": entries, "note": f"load {n}"}
                res = _with_retry(tally, lambda b=body: api.post(f"/api/v1/clients/{client_id}/checkins", b))
                if res.status in (200, 201):
                    with tally.lock:
                        tally.acknowledged_checkins.append((token, client_id, res.json()["id"]))
                else:
                    tally.error(f"{email}: check-in answered {res.status}: {res.body[:200]!r}")
            else:
                path = f"/api/v1/clients/{client_id}/threads/{thread_id}/messages"
                body = {"body": f"Load message {n}"}
                res = _with_retry(tally, lambda p=path, b=body: api.post(p, b))
                if res.status == 201:
                    with tally.lock:
                        tally.acknowledged_messages.append((token, client_id, thread_id, res.json()["id"]))
                else:
                    tally.error(f"{email}: message answered {res.status}: {res.body[:200]!r}")
        except Exception as error:  # noqa: BLE001
            tally.error(f"{email}: {error!r}")


def reader(base: str, email: str, ready: threading.Barrier, stop: threading.Event, tally: Tally) -> None:
    browser = Caller(base)
    try:
        for attempt in range(10):
            try:
                browser.sign_in(email)
                break
            except RuntimeError:
                if attempt == 9:
                    raise
                time.sleep(0.5)
        clients = _with_retry(tally, lambda: browser.get("/api/v1/clients?limit=20")).json()["items"]
    except Exception as error:  # noqa: BLE001
        tally.error(f"{email}: signing in: {error!r}")
        return
    finally:
        ready.wait()
    n = 0
    while not stop.is_set():
        client = clients[n % len(clients)]
        n += 1
        try:
            res = _with_retry(tally, lambda c=client: browser.get(f"/clients/{c['id']}/"))
            if res.status != 200:
                tally.error(f"{email}: client page answered {res.status}")
        except Exception as error:  # noqa: BLE001
            tally.error(f"{email}: {error!r}")


def verify(base: str, tally: Tally) -> list[str]:
    """Every check-in and message the server acknowledged is there afterwards."""
    missing = []
    for token, client_id, checkin_id in tally.acknowledged_checkins:
        if Caller(base, token).get(f"/api/v1/clients/{client_id}/checkins/{checkin_id}").status != 200:
            missing.append(f"check-in {checkin_id}")
    by_thread: dict[tuple[str, int, int], set[int]] = {}
    for token, client_id, thread_id, message_id in tally.acknowledged_messages:
        by_thread.setdefault((token, client_id, thread_id), set()).add(message_id)
    for (token, client_id, thread_id), wanted in by_thread.items():
        found: set[int] = set()
        offset = 0
        while True:
            page = Caller(base, token).get(
                f"/api/v1/clients/{client_id}/threads/{thread_id}/messages?limit=200&offset={offset}"
            )
            items = page.json()["items"]
            found |= {item["id"] for item in items}
            if len(items) < 200:
                break
            offset += 200
        missing += [f"message {m}" for m in sorted(wanted - found)]
    return missing


def run(
    *, writers: int, readers: int, seconds: float, data_dir: Path, port: int, database_url=None, log=None
):
    env = server_env(data_dir, database_url)
    therapists = max(1, min(readers, 8))
    tokens = seed(env, clients=max(writers, 16), therapists=therapists, checkins=2, tokens_for=writers)
    client_tokens = [(e, t) for e, t in tokens.items() if e.startswith("client")][:writers]
    server = start_server(env, port=port, log=log)
    tally = Tally()
    stop = threading.Event()
    ready = threading.Barrier(len(client_tokens) + readers + 1, timeout=600)
    try:
        threads = [
            threading.Thread(target=writer, args=(server.base, e, t, ready, stop, tally))
            for e, t in client_tokens
        ] + [
            threading.Thread(
                target=reader,
                args=(server.base, f"therapist{i % therapists + 1}@bench.example", ready, stop, tally),
            )
            for i in range(readers)
        ]
        for thread in threads:
            thread.start()
        ready.wait()  # everyone signed in and set up: the load starts now
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        missing = verify(server.base, tally)
    finally:
        server.stop()
    return tally, missing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writers", type=int, default=32)
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    import os

    with tempfile.TemporaryDirectory(prefix="accord-load-") as tmp:
        started = time.monotonic()
        tally, missing = run(
            writers=args.writers,
            readers=args.readers,
            seconds=args.seconds,
            data_dir=Path(tmp),
            port=args.port or free_port(),
            database_url=os.environ.get("DATABASE_URL"),
        )
    elapsed = time.monotonic() - started
    print(
        f"{args.writers} writers + {args.readers} readers for {args.seconds:.0f} s ({elapsed:.0f} s in all)"
    )
    print(f"requests: {tally.requests}  statuses: {dict(sorted(tally.statuses.items()))}")
    checkins, messages = len(tally.acknowledged_checkins), len(tally.acknowledged_messages)
    print(f"acknowledged: {checkins} check-ins, {messages} messages")
    print(f"errors: {len(tally.errors)}  503 (retried): {tally.retried}  other 5xx: {tally.server_errors}")
    print(f"acknowledged writes missing afterwards: {len(missing)}")
    for line in (tally.errors + missing)[:20]:
        print("  ", line)
    sys.exit(1 if tally.errors or tally.retried or tally.server_errors or missing else 0)


if __name__ == "__main__":
    main()
