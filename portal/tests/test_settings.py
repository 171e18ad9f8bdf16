"""Production settings refuse unsafe values and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What get_random_secret_key() makes (fixed here so the tests read the same each run).
GOOD_KEY = "q8#v1z@xk$3n!w7e)r-t(y^u&i*o_p+a=s2d4f6g9h0j5l%c3b7m1n8v&x@z"


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="portal.example.gov")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_development_secret_key():
    result = run_manage(
        "check",
        ALLOWED_HOSTS="portal.example.gov",
        SECRET_KEY="dev-only-insecure-key-not-for-production" * 2,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.gov",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key, accepted",
    [
        ("a" * 60, False),
        ("ab" * 30, False),
        ("abcdefgh" * 8, False),
        ("change-me-" + "x9Q2" * 12, False),
        (GOOD_KEY, True),
        ("5f0c9e3a7b2d4e6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f", True),
    ],
)
def test_production_refuses_a_secret_key_no_generator_would_make(key, accepted):
    result = run_manage("check", ALLOWED_HOSTS="portal.example.gov", SECRET_KEY=key)
    assert (result.returncode == 0) is accepted, result.stderr[-500:]


def test_production_pools_postgresql_connections_sized_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['OPTIONS']['pool'], d['CONN_MAX_AGE'])",
        ALLOWED_HOSTS="portal.example.gov",
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL="postgres://portal@db.example.gov:5432/portal",
        DATABASE_CONN_MAX_AGE="60",
        DATABASE_POOL_MAX_SIZE="7",
    )
    assert result.returncode == 0, result.stderr[-1000:]
    assert "'max_size': 7" in result.stdout and result.stdout.strip().endswith(" 0")


def test_the_gunicorn_configuration_reads_the_environment(monkeypatch):
    import runpy

    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "2")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["bind"] == "0.0.0.0:8123"
    assert (config["workers"], config["threads"], config["worker_class"]) == (
        3,
        2,
        "gthread",
    )
    assert (
        "%(U)s" in config["access_log_format"]
        and "%(q)s" not in config["access_log_format"]
    )


@pytest.mark.parametrize(
    "cache_url, backend",
    [
        ("", "django.core.cache.backends.db.DatabaseCache"),
        (
            "redis://cache.example.gov:6379/0",
            "django.core.cache.backends.redis.RedisCache",
        ),
    ],
)
def test_production_has_one_cache_every_process_shares(cache_url, backend):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])",
        ALLOWED_HOSTS="portal.example.gov",
        SECRET_KEY=GOOD_KEY,
        CACHE_URL=cache_url,
    )
    assert result.returncode == 0, result.stderr[-1000:]
    assert result.stdout.split()[-2:] == [backend, cache_url or "portal_cache"]
