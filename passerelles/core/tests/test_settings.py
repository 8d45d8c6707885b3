"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "une-cle-de-production-longue-et-aleatoire-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "passerelles.example.org",
    "DATABASE_URL": "sqlite:////tmp/passerelles-check.sqlite3",
    "SITE_URL": "https://passerelles.example.org",
}


def run_cli(*args: str, **environment: str) -> subprocess.CompletedProcess:
    inherited = set(PRODUCTION) | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    return subprocess.run(
        [sys.executable, "-m", "passerelles.cli", *args],
        capture_output=True,
        text=True,
        env={**env, **environment},
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run_cli("check", **environment)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_malformed_boolean_is_refused():
    result = run_cli("check", **{**PRODUCTION, "DEBUG": "peut-être"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_deployment_checks_refuse_links_in_emails_that_point_at_this_machine():
    for site_url in ("", "http://127.0.0.1:8000", "http://passerelles.example.org", "https://localhost"):
        environment = {**PRODUCTION, "SITE_URL": site_url} if site_url else dict(PRODUCTION, SITE_URL="")
        result = run_cli("check", "--deploy", **environment)
        assert result.returncode != 0, site_url
        assert "SITE_URL" in result.stderr and "passerelles.E001" in result.stderr


def test_a_local_site_url_can_be_allowed_on_purpose():
    environment = {**PRODUCTION, "SITE_URL": "http://127.0.0.1:8000", "SITE_URL_LOCALE": "1"}
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stderr
