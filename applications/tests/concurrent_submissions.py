"""Twenty applicants submit at the same moment against a real database file.

Run by test_concurrency.py in a subprocess, so it uses the portal's own database
settings (not the test run's in-memory database): an SQLite file when DATABASE_URL is
empty, or a scratch PostgreSQL database beside the one DATABASE_URL names. Each
applicant posts the review step from its own thread (own connection), as a threaded
web server would. Prints one JSON line: status codes, households submitted and
submissions made.
"""

import json
import os
import sys
import threading
from pathlib import Path

APPLICANTS = 20


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from applications.tests.scratch_database import scratch_database

    url, drop = scratch_database("concurrency")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.test")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        call_command("migrate", verbosity=0, interactive=False)
        from applications.models import Household, Submission
        from applications.tests.conftest import (
            PASSWORD,
            make_applicant,
            make_household,
        )
        from demo.loader import load_demo
        from programs.models import QualifyingProgram

        load_demo()
        snap = QualifyingProgram.objects.get(name="SNAP")
        emails = [f"applicant{n}@example.com" for n in range(APPLICANTS)]
        for email in emails:
            make_household(make_applicant(email), qualifying=[snap])
        # One more applicant submits from two tabs at the same moment.
        twice = "twotabs@example.com"
        make_household(make_applicant(twice), qualifying=[snap])
        connection.close()

        posts = [(email, email) for email in emails] + [
            (twice, "tab1"),
            (twice, "tab2"),
        ]
        barrier = threading.Barrier(len(posts))
        codes = {}

        def submit(email, label):
            from django.db import connection as thread_connection

            client = Client(raise_request_exception=False)
            client.login(email=email, password=PASSWORD)
            barrier.wait()
            response = client.post("/apply/review/", {"consent": "on"})
            codes[label] = response.status_code
            thread_connection.close()

        threads = [threading.Thread(target=submit, args=post) for post in posts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result = {
            "codes": sorted(codes[email] for email in emails),
            "submitted": Household.objects.submitted()
            .exclude(user__email=twice)
            .count(),
            "submissions": Submission.objects.exclude(
                household__user__email=twice
            ).count(),
            "two_tabs_codes": sorted([codes["tab1"], codes["tab2"]]),
            "two_tabs_submissions": Submission.objects.filter(
                household__user__email=twice
            ).count(),
        }
        connection.close()
    finally:
        drop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
