"""The verification queue's cost, timed in a fresh process.

    python benchmarks/queue_page.py

against the database DATABASE_URL names (fill it with `manage.py generate_households`),
under the production settings. Prints one JSON line: households, and for each queue
view (the default, every verified household, all households, searches, the last
page) the median time of ten requests after a warm-up, and its SQL queries.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export import admin_client  # noqa: E402

VIEWS = {
    "default": {},
    "verified": {"queue": "verified"},
    "all": {"queue": "all"},
    # A surname 1 in 16 households share: 60 found among 1,000, 6,000 among 100,000.
    "search": {"queue": "all", "q": "Garcia"},
    # One household, by its email: the first generated, among 1,000 or 100,000
    # (no other address begins "bench0").
    "search, one household": {"queue": "all", "q": "bench0@example.com"},
    "last page": {"queue": "all", "p": "-1"},
}


def main():
    client = admin_client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.models import Household

    results = {"households": Household.objects.count()}
    for name, query in VIEWS.items():
        if name == "last page":
            pages = -(-Household.objects.submitted().count() // 25)
            query = {**query, "p": str(max(pages, 1))}
        url = "/admin/applications/household/"
        assert client.get(url, query).status_code == 200, name
        times = []
        for _ in range(10):
            started = time.perf_counter()
            response = client.get(url, query)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url, query)
        results[name] = {
            "median_ms": round(statistics.median(times), 1),
            "queries": len(captured.captured_queries),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
