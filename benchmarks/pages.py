"""Public pages' throughput beside a bare Django view, and SQL queries per page.

    python benchmarks/pages.py [--seconds 10] [--connections 16]

Serves the portal (production settings, the database DATABASE_URL names, filled with
`load_demo`) and `benchmarks/bare.py` with the same gunicorn command (2 sync workers),
one after the other, and drives each with wrk (Debian's `wrk`). Prints one JSON line
per page: requests/s, its share of the bare view's, and the queries the page costs
rendered (cache off) and served from the page cache.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "/",
    "/programs/",
    "/programs/grocery-tax-rebate/",
    "/es/programs/",
    "/es/programs/grocery-tax-rebate/",
    "/screener/",
    "/es/screener/",
]
ENV = {
    "DJANGO_SETTINGS_MODULE": "settings.production",
    "SECRET_KEY": "q8#v1z@xk$3n!w7e)r-t(y^u&i*o_p+a=s2d4f6g9h0j5l%c3b7m1n8v&x@z",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app, port, env):
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            # Not the image's gunicorn.conf.py (read from the folder by default): the
            # same bare command for both, without an access log.
            "--config",
            "/dev/null",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def query_counts():
    """Queries per page: rendered (page cache off) and served from the cache."""
    import django

    os.environ.update(ENV)
    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    def count(client, path):
        assert client.get(path).status_code == 200, path
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        return len(captured.captured_queries)

    counts = {}
    for path in PAGES:
        with override_settings(PAGE_CACHE_SECONDS=0):
            rendered = count(Client(secure=False), path)
        cached = count(Client(secure=False), path)
        counts[path] = {"rendered": rendered, "cached": cached}
    return counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    env = {**os.environ, **ENV}

    port = free_port()
    bare = serve("benchmarks.bare:app", port, env)
    try:
        wrk(f"http://127.0.0.1:{port}/", 2, args.connections)  # warm up
        bare_rate, _ = wrk(f"http://127.0.0.1:{port}/", args.seconds, args.connections)
    finally:
        stop(bare)
    print(json.dumps({"page": "bare Django view", "requests_per_second": bare_rate}))

    counts = query_counts()
    port = free_port()
    portal = serve("portal.wsgi", port, env)
    try:
        for path in PAGES:
            url = f"http://127.0.0.1:{port}{path}"
            wrk(url, 1, args.connections)  # warm up, and fill the page cache
            rate, errors = wrk(url, args.seconds, args.connections)
            print(
                json.dumps(
                    {
                        "page": path,
                        "requests_per_second": rate,
                        "share_of_bare": round(rate / bare_rate, 3),
                        "errors": errors,
                        "queries_rendered": counts[path]["rendered"],
                        "queries_cached": counts[path]["cached"],
                    }
                ),
                flush=True,
            )
    finally:
        stop(portal)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
