"""Production: refuses to start without a real secret and host list.

PostgreSQL through DATABASE_URL, Azure Blob storage when its variables are set,
SendGrid through django-anymail when SENDGRID_API_KEY is set, whitenoise for static
files, and the headers `manage.py check --deploy` asks for.
"""

import math

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    ANYMAIL,
    MIDDLEWARE,
    SECRET_KEY,
    SENDGRID_API_KEY,
    env,
    env_bool,
)

DEBUG = False


def secret_key_problem(key):
    """Why the key is not one a random generator makes (None when it may be): at
    least 50 characters, no character more than a quarter of them, and at least 240
    bits if each character were drawn at random from those it uses (Django's
    get_random_secret_key() and secrets.token_hex(32) pass; 60 identical
    characters, "abab…" and "change-me…" do not)."""
    if len(key) < 50:
        return "is shorter than 50 characters"
    if key.lower().startswith(("dev-", "django-insecure", "change", "test")):
        return "is a placeholder"
    distinct = set(key)
    if max(key.count(char) for char in distinct) > len(key) / 4:
        return "repeats one character too often"
    if len(key) * math.log2(len(distinct)) < 240:
        return "uses too few different characters"
    return None


if problem := secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set to a random value of at least 50 characters; this "
        f'one {problem}. Make one with: python -c "from django.core.management.utils '
        f'import get_random_secret_key; print(get_random_secret_key())"'
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names.")
# The container health check calls /healthz on the loopback address.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "localhost", "127.0.0.1"]

# Static files straight from the app server, compressed and cache-busted.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]

# PostgreSQL connections come from a pool in each process (Django 5.2 with psycopg's
# pool) instead of a new connection per request; sized from the environment. A pool
# replaces persistent connections (CONN_MAX_AGE must be 0 with it).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(  # noqa: F405
    "DATABASE_POOL", True
):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": int(env("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": int(env("DATABASE_POOL_MAX_SIZE", "10")),
        "timeout": int(env("DATABASE_POOL_TIMEOUT_SECONDS", "10")),
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("PRIVATE_MEDIA_ROOT", "/data/private"),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

AZURE_ACCOUNT_NAME = env("AZURE_ACCOUNT_NAME", "")
if AZURE_ACCOUNT_NAME:
    _azure = {
        "account_name": AZURE_ACCOUNT_NAME,
        "account_key": env("AZURE_ACCOUNT_KEY", ""),
        "connection_string": env("AZURE_CONNECTION_STRING") or None,
        "expiration_secs": None,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.azure_storage.AzureStorage",
        "OPTIONS": {**_azure, "azure_container": env("AZURE_MEDIA_CONTAINER", "media")},
    }
    # Applicants' documents: a private container; files are streamed through the
    # permission-checked view, never linked.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.azure_storage.AzureStorage",
        "OPTIONS": {
            **_azure,
            "azure_container": env("AZURE_PRIVATE_CONTAINER", "documents"),
            "overwrite_files": False,
        },
    }

if SENDGRID_API_KEY:
    EMAIL_BACKEND = "anymail.backends.sendgrid.EmailBackend"
    ANYMAIL = {
        **ANYMAIL,
        "SENDGRID_API_KEY": SENDGRID_API_KEY,
        "REQUESTS_TIMEOUT": PROVIDER_TIMEOUT_SECONDS,  # noqa: F405
    }
