"""Tests: fast hashing, in-memory cache, immediate tasks, throwaway file storage."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "applications.notifications.senders.MemorySmsSender"
# SendGrid's event webhook is served only with a secret (portal/urls.py).
ANYMAIL = {"WEBHOOK_SECRET": "sendgrid:test-webhook-secret"}

_scratch = Path(tempfile.mkdtemp(prefix="portal-test-"))
MEDIA_ROOT = _scratch / "media"
PRIVATE_MEDIA_ROOT = _scratch / "private_media"
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
WAGTAILADMIN_BASE_URL = "http://testserver"
