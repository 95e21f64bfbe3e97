"""Where one page's time goes: CPU ms per request of Django's in-process test client, then a cProfile.

    ACCORD_DATA_DIR=/tmp/pf-bench accord manage seed_bench --clients 300 --therapists 3 \\
        --checkins-per-client 10
    ACCORD_DATA_DIR=/tmp/pf-bench … DJANGO_SETTINGS_MODULE=accord.settings \\
        python bench/profile_page.py goal --requests 30 --profile 40

with the environment ``bench.harness.server_env`` gives the server (a secret key, no required 2FA, no HTTPS
redirect, no secure cookies) and ``ACCORD_ALLOWED_HOSTS=localhost``.

Pages: ``me`` (``/api/v1/me``), ``goal`` (the first goal of therapist1's first client) and ``review`` (that
client's in-session review), as therapist1@bench.example. No server, no HTTP: only the request's own work.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource

import django


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", choices=["me", "goal", "review"])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", type=int, default=0, help="print this many lines of a cProfile")
    args = parser.parse_args()
    django.setup()
    from django.test import Client

    from accord.accounts.models import User

    browser = Client(HTTP_HOST="localhost")
    browser.force_login(User.objects.get(email="therapist1@bench.example"))
    client_id = json.loads(browser.get("/api/v1/clients?limit=1").content)["items"][0]["id"]
    goal_id = json.loads(browser.get(f"/api/v1/clients/{client_id}/goals").content)["items"][0]["id"]
    path = {"me": "/api/v1/me", "goal": f"/goals/{goal_id}/", "review": f"/clients/{client_id}/review/"}
    url = path[args.page]
    for _ in range(3):  # warm: templates compiled, caches filled
        assert browser.get(url).status_code == 200, url
    started = cpu_seconds()
    for _ in range(args.requests):
        browser.get(url)
    print(f"{url}: {(cpu_seconds() - started) * 1000 / args.requests:.1f} CPU ms per request")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            browser.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
