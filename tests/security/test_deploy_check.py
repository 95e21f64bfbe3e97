"""`manage.py check --deploy` passes without a single warning under production settings."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + string.punctuation.replace("'", "").replace('"', "")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ACCORD_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        ACCORD_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ACCORD_ALLOWED_HOSTS="accord.example.org",
        ACCORD_SITE_URL="https://accord.example.org",
        ACCORD_DEBUG="false",
        ACCORD_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="accord.settings",
    )
    env.update(extra)
    return env


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_reports_nothing_under_production_settings(tmp_path):
    result = run_check(production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output.upper().replace("--FAIL-LEVEL WARNING", "")
    assert "no issues" in output


def test_deploy_check_flags_the_development_placeholder_key(tmp_path):
    env = production_env(tmp_path)
    del env["ACCORD_SECRET_KEY"]
    result = run_check(env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_deploy_check_flags_a_site_url_with_a_comment_in_it(tmp_path):
    result = run_check(production_env(tmp_path, ACCORD_SITE_URL="https://accord.example.org # links"))
    assert result.returncode != 0
    assert "accord.E001" in result.stdout + result.stderr
