"""The staff reports page and one report's CSV, timed in a fresh process.

    python benchmarks/reports.py

against the database DATABASE_URL names (fill it with `manage.py generate_households`,
which writes each household's status changes), under the production settings.
Prints one JSON line per address: households, the median of five requests in
seconds, and the SQL queries one request makes.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export import admin_client  # noqa: E402 (sets up Django's environment)

ADDRESSES = [
    ("reports page", "/admin/program-reports/"),
    ("decision-time CSV", "/admin/program-reports/decision-time.csv"),
    ("renewals CSV", "/admin/program-reports/renewals.csv"),
]


def main():
    client = admin_client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.models import Household

    households = Household.objects.count()
    for label, url in ADDRESSES:
        client.get(url)  # warm: templates, the site settings
        times = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            json.dumps(
                {
                    "page": label,
                    "status": response.status_code,
                    "households": households,
                    "median_seconds": round(statistics.median(times), 3),
                    "queries": len(queries),
                }
            )
        )


if __name__ == "__main__":
    main()
