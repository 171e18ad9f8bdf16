"""The coordinator's enrollment export, timed and measured in a fresh process.

    python benchmarks/export.py csv|xlsx [FILTER=VALUE ...]

against the database DATABASE_URL names (fill it with `manage.py generate_households`),
under the production settings (dummy secret; DEBUG off, so no query log grows).
Prints one JSON line: rows, seconds, and the process's peak resident memory growth
over the request (VmHWM after minus VmRSS before, from /proc/self/status).
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")
os.environ.setdefault(
    "SECRET_KEY", "q8#v1z@xk$3n!w7e)r-t(y^u&i*o_p+a=s2d4f6g9h0j5l%c3b7m1n8v&x@z"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")


def memory_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def admin_client():
    """A test client signed in as a bench administrator (second factor verified)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        email="bench-admin@example.com",
        defaults={"is_staff": True, "is_superuser": True},
    )
    device, _ = TOTPDevice.objects.get_or_create(
        user=admin, name="bench", defaults={"confirmed": True}
    )
    client = Client(secure=True)
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.admin = admin
    return client


def main(export_format, *filters):
    client = admin_client()
    admin = client.admin
    from applications.models import ProgramApplication

    query = dict(item.split("=", 1) for item in filters)
    lookups = {key.replace("__exact", ""): value for key, value in query.items()}
    rows = ProgramApplication.objects.for_coordinator(admin).filter(**lookups).count()

    before = memory_kb("VmRSS")
    started = time.perf_counter()
    response = client.get(
        "/admin/applications/programapplication/", {"export": export_format, **query}
    )
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    seconds = time.perf_counter() - started
    growth_mb = (memory_kb("VmHWM") - before) / 1024
    print(
        json.dumps(
            {
                "format": export_format,
                "status": response.status_code,
                "rows": rows,
                "bytes": size,
                "seconds": round(seconds, 2),
                "memory_growth_mb": round(growth_mb, 1),
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
