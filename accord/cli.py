"""The `accord` command: the one entry point for running Accord.

    accord demo          a local demo with sample practices, on SQLite in a data folder
    accord serve         the production server (gunicorn + whitenoise)
    accord worker        the background task worker
    accord manage ...    any Django management command
    accord smart-check   the SMART coach on a goal's text, without a browser

Configuration comes from the environment (docs/configuration.md). Django is set up only inside each
subcommand, after the subcommand has put its environment in place.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from accord import __version__
from accord.env import ConfigurationError, env_bool

SETTINGS_MODULE = "accord.settings"
DEFAULT_DEMO_DATA_DIR = "accord-demo-data"
DEMO_WORKERS = 2
DEMO_THREADS = 2
# Exit code for "refused to start": wrong configuration, like argparse's usage errors.
EXIT_REFUSED = 2
ALL_INTERFACES = ("0.0.0.0", "::")  # noqa: S104  # nosec B104: only bound when asked (--host)
KEY_RECIPE = "export ACCORD_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    # `manage` and `worker` hand everything after them to Django untouched (including --help).
    if argv[:1] == ["manage"]:
        run_management_command(argv[1:])
        return
    if argv[:1] in (["backup"], ["restore"]):  # management commands of accord.records, named at the top
        run_management_command(argv)
        return
    if argv[:1] == ["worker"]:
        run_worker(argv[1:])
        return
    parser = build_parser()
    if not argv:
        parser.print_help(sys.stderr)
        raise SystemExit(EXIT_REFUSED)
    args = parser.parse_args(argv)
    args.run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord", description="Accord: collaborative goal-setting in therapy."
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    demo = commands.add_parser("demo", help="run a local demo with sample practices and people")
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    demo.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    demo.add_argument(
        "--data-dir",
        default=DEFAULT_DEMO_DATA_DIR,
        help=f"folder for the demo's database, secret key and emails (default: ./{DEFAULT_DEMO_DATA_DIR})",
    )
    demo.set_defaults(run=run_demo)

    serve = commands.add_parser("serve", help="run the production server (needs ACCORD_SECRET_KEY)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, behind a proxy on this machine; 0.0.0.0 for all)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=default_worker_count(),
        help="server processes (default: 2 × CPU cores + 1)",
    )
    serve.set_defaults(run=run_serve)

    commands.add_parser("manage", help="run a Django management command: accord manage COMMAND ...")
    commands.add_parser("worker", help="run the background task worker")
    commands.add_parser("backup", help="back up the database: accord backup [--to DIR]")
    commands.add_parser("restore", help="restore a backup: accord restore FILE [--force]")

    smart = commands.add_parser("smart-check", help="check a goal's text against the SMART criteria")
    smart.add_argument("text", help="the goal, in quotes")
    smart.add_argument("--json", action="store_true", help="print the result as JSON")
    smart.add_argument(
        "--language", choices=["en", "es"], help="the lexicon to read it with (default: the statement's own)"
    )
    smart.set_defaults(run=run_smart_check)
    return parser


def default_worker_count() -> int:
    return 2 * (os.cpu_count() or 1) + 1


# --- manage and worker -----------------------------------------------------------------------------------


def run_management_command(arguments: list[str]) -> None:
    arguments = use_database_url_option(arguments)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accord manage", *arguments])


MIGRATING_COMMANDS = {"migrate", "showmigrations", "sqlmigrate"}


def use_database_url_option(arguments: list[str]) -> list[str]:
    """Migrations run as the database's owner, the servers as a role that may not change the schema.

    ``accord manage COMMAND --database-url URL`` runs one command with that database URL; without it,
    ``accord manage migrate`` uses ``ACCORD_MIGRATE_DATABASE_URL`` when set (docs/deployment.md).
    Everything else keeps ``DATABASE_URL``. Returns the arguments without the option.
    """
    remaining, url = [], None
    items = iter(arguments)
    for item in items:
        if item == "--database-url":
            url = next(items, None)
            if not url:
                refuse("--database-url needs a URL, e.g. postgres://owner:PASSWORD@127.0.0.1:5432/accord_db")
        elif item.startswith("--database-url="):
            url = item.split("=", 1)[1]
        else:
            remaining.append(item)
    if url is None and remaining[:1] and remaining[0] in MIGRATING_COMMANDS:
        url = os.environ.get("ACCORD_MIGRATE_DATABASE_URL", "").strip() or None
    if url:
        os.environ["DATABASE_URL"] = url
    return remaining


def run_worker(arguments: list[str]) -> None:
    """The django-tasks database worker, which also queues the check-in reminder scan every minute
    (accord/checkins/management/commands/worker.py); extra arguments go to `db_worker` (e.g. --batch)."""
    run_management_command(["worker", *arguments])


def start_worker_process() -> subprocess.Popen:
    """`accord worker` beside the demo's web server, in this environment; the caller stops it."""
    return subprocess.Popen([sys.executable, "-m", "accord.cli", "worker"])  # noqa: S603


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- serve -----------------------------------------------------------------------------------------------


def refuse(message: str) -> None:
    print(f"accord: {message}", file=sys.stderr)
    raise SystemExit(EXIT_REFUSED)


SWITCHES_THAT_REFUSE = {
    "ACCORD_DEBUG": "Debug mode shows Accord's internals to visitors; unset it to serve.",
    "ACCORD_DEMO": "Demo mode turns off required two-factor sign-in; use `accord demo` for a demo.",
}


def production_problems() -> list[str]:
    """Reasons `accord serve` must not start, read straight from the environment."""
    problems = []
    if not os.environ.get("ACCORD_SECRET_KEY", "").strip():
        problems.append(
            f"ACCORD_SECRET_KEY is not set. Set it to a long random value, e.g.\n    {KEY_RECIPE}"
        )
    for name, why in SWITCHES_THAT_REFUSE.items():
        try:
            switched_on = env_bool(name, False)
        except ConfigurationError as error:
            problems.append(str(error))
            continue
        if switched_on:
            problems.append(f"{name} is on. {why}")
    return problems


def run_serve(args: argparse.Namespace) -> None:
    problems = production_problems()
    if problems:
        refuse("refusing to start the production server:\n  - " + "\n  - ".join(problems))
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()  # the server's processes open their own
    serve_wsgi(
        host=args.host,
        port=args.port,
        workers=args.workers,
        threads=4,
    )


def serve_wsgi(*, host: str, port: int, workers: int, threads: int) -> None:
    """Run gunicorn in this process with Accord's WSGI application."""
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    class AccordServer(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                # gunicorn's control socket defaults to one path per user, which two servers would share.
                "control_socket_disable": True,
            }
            for key, value in options.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self):
            from django.conf import settings

            from accord.wsgi import application

            if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
                return client_address_from_proxy(application, trusted=self.cfg.forwarded_allow_ips)
            return application

    AccordServer().run()


def client_address_from_proxy(application, *, trusted: list[str]):
    """Behind a TLS proxy every request comes from the proxy; the audit trail needs the visitor's address.

    When the direct peer is a proxy we trust (gunicorn's ``forwarded_allow_ips``: this machine unless
    FORWARDED_ALLOW_IPS says otherwise), the last X-Forwarded-For entry — the one that proxy added —
    becomes REMOTE_ADDR. A visitor who reaches the server directly cannot set it.
    """
    trust_all = "*" in trusted
    networks = [ipaddress.ip_network(item, strict=False) for item in trusted if item != "*"]

    def is_trusted(peer: str) -> bool:
        return trust_all or (_ip(peer) is not None and any(_ip(peer) in network for network in networks))

    def wsgi(environ, start_response):
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if _ip(forwarded) is not None and is_trusted(environ.get("REMOTE_ADDR", "")):
            environ["REMOTE_ADDR"] = forwarded
        return application(environ, start_response)

    return wsgi


def _ip(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


# --- demo ------------------------------------------------------------------------------------------------


def ensure_secret_key(data_dir: Path) -> str:
    """The demo's key, made once and kept in the data folder, readable only by its owner."""
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    key_file.chmod(0o600)
    return key_file.read_text().strip()


def demo_environment(data_dir: Path, host: str, port: int) -> dict[str, str]:
    """The variables the demo runs with; the worker subprocess inherits them."""
    environment = {
        "ACCORD_DATA_DIR": str(data_dir),
        "ACCORD_DEMO": "true",
        "ACCORD_DEBUG": "false",
        "ACCORD_SECRET_KEY": ensure_secret_key(data_dir),
        # Emails (invitations, password resets) land as files the demo user can open.
        "ACCORD_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    if "ACCORD_SITE_URL" not in os.environ:  # links in emails the worker sends (reminders)
        environment["ACCORD_SITE_URL"] = demo_address(host, port).rstrip("/")
    if "ACCORD_ALLOWED_HOSTS" not in os.environ and host not in ("127.0.0.1", "localhost", "::1"):
        # Listening beyond this machine: accept whatever name the demo is reached by.
        environment["ACCORD_ALLOWED_HOSTS"] = "*" if host in ALL_INTERFACES else f"localhost,127.0.0.1,{host}"
    return environment


def demo_address(host: str, port: int) -> str:
    if host in ALL_INTERFACES:  # listening everywhere; this machine is one of them
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def run_demo(args: argparse.Namespace) -> None:
    data_dir = Path(args.data_dir).resolve()
    # static/ stays empty (the demo serves files straight from the package); its absence only makes noise.
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    if os.environ.pop("DATABASE_URL", None):
        print(
            "accord demo: ignoring DATABASE_URL; the demo keeps its own SQLite database in the data folder."
        )
    os.environ.update(demo_environment(data_dir, args.host, args.port))

    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    from accord.demo import demo_banner, seed_demo

    print(f"Preparing the demo in {data_dir} …", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    seed_demo()
    connections.close_all()  # the server's processes open their own
    print(demo_banner(demo_address(args.host, args.port)))
    print(f"  Emails the demo sends are saved in {data_dir / 'outbox'}", flush=True)

    worker = start_worker_process()
    print(f"  Background worker started (pid {worker.pid}). Press Ctrl+C to stop.\n", flush=True)
    parent = os.getpid()
    try:
        serve_wsgi(host=args.host, port=args.port, workers=DEMO_WORKERS, threads=DEMO_THREADS)
    finally:
        # gunicorn's forked workers leave through here too; only the process that started the worker stops it.
        if os.getpid() == parent:
            stop_process(worker)


# --- smart-check -----------------------------------------------------------------------------------------


def run_smart_check(args: argparse.Namespace) -> None:
    from accord.goals.smart import analyse

    result = analyse(args.text, language=getattr(args, "language", None))
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    print(format_smart_result(result.to_dict()))


SMART_LABELS = {
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Time-bound",
}
SMART_MARKS = {True: "[yes]", False: "[not yet]", None: "[can't tell yet]"}


def format_smart_result(result: dict) -> str:
    """A readable per-criterion summary of ``analyse(text).to_dict()``."""
    lines = []
    for name, criterion in result["criteria"].items():
        lines.append(f"{SMART_LABELS.get(name, name)}: {SMART_MARKS[criterion['met']]}")
        lines += [f"    {feedback}" for feedback in criterion["feedback"]]
    if result["warnings"]:
        lines.append("Worth a second look:")
        lines += [f"    {warning['message']}" for warning in result["warnings"]]
    if result["suggestions"]:
        lines.append("Suggestions:")
        lines += [f"    {suggestion}" for suggestion in result["suggestions"]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
