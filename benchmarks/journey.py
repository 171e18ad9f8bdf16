"""Many applicants completing the whole application at once, over HTTP.

    python benchmarks/journey.py --url http://127.0.0.1:PORT [--applicants 200]
        [--ramp 30] [--think 2-6]

Each simulated applicant is a thread with its own cookies and its own address (sent
as X-Forwarded-For, as the city's load balancer would; the server trusts one proxy):
sign up, open the welcome email's link (made here, from the same database, as the
email would carry it), address, household, qualifying program, two uploads, review
and submit. As people do, they arrive over `--ramp` seconds (a news story's link,
not one instant) and spend `--think` seconds (a range, random from a seed) reading
and typing before each step after the first; their journeys overlap, and the run
reports how many were in the middle of one at the same moment. `--ramp 0 --think 0`
is the harsher test: every applicant's request at the same instant, with no pause.
Prints one JSON line: errors, lost submissions (an applicant who finished without a
submission in the database, or the other way round), the most applicants in
progress at once, and p50/p95 per step in milliseconds (the server's answers, not
the pauses).

Run it against gunicorn with production settings and PostgreSQL (`make bench`).
"""

import argparse
import io
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a long bench passphrase 2026"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ITEM = re.compile(r'name="item" value="([^"]+)"')


def png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), "navy").save(buffer, "PNG")
    return buffer.getvalue()


class Applicant:
    def __init__(
        self, base, number, qualifying_id, image, confirmation_url, think, run
    ):
        self.base = base
        self.think = think
        self.random = random.Random(number)
        self.number = number
        self.email = f"bench-{run}-{number}@example.com"
        # Names are letters only (the wizard refuses digits): the number in letters.
        self.surname = "Bench" + "".join(chr(ord("a") + int(d)) for d in str(number))
        self.qualifying_id = qualifying_id
        self.image = image
        self.confirmation_url = confirmation_url
        self.http = requests.Session()
        # As behind the city's TLS-terminating proxy: the client's address and the
        # scheme in forwarded headers, and the portal's secure-only cookies sent back
        # over the plain hop (unsecure_cookies).
        self.http.headers["X-Forwarded-For"] = (
            f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256 + 1}"
        )
        self.http.headers["X-Forwarded-Proto"] = "https"
        self.timings = {}
        self.errors = []
        self.finished = False

    def unsecure_cookies(self):
        """The portal's cookies are secure-only; the hop from the proxy is not."""
        for cookie in self.http.cookies:
            cookie.secure = False

    def token(self, path):
        response = self.http.get(self.base + path, timeout=60)
        self.unsecure_cookies()
        response.raise_for_status()
        return TOKEN.search(response.text).group(1), response.text

    def post(self, path, data, files=None, expect=(302,)):
        token, _ = self.token(path)
        response = self.http.post(
            self.base + path,
            data={**data, "csrfmiddlewaretoken": token},
            files=files,
            allow_redirects=False,
            timeout=60,
            headers={"Referer": self.base.replace("http://", "https://") + path},
        )
        self.unsecure_cookies()
        if response.status_code not in expect:
            problems = re.findall(r"usa-error-message[^>]*>([^<]+)<", response.text)
            raise RuntimeError(f"{path}: {response.status_code} {problems[:3]}")
        return response

    def step(self, name, action):
        if self.timings and self.think[1] > 0:  # reading and typing the next form
            time.sleep(self.random.uniform(*self.think))
        started = time.perf_counter()
        try:
            action()
        finally:
            self.timings[name] = (time.perf_counter() - started) * 1000

    def run(self):
        try:
            self.step(
                "account",
                lambda: self.post(
                    "/apply/account/",
                    {
                        "first_name": "Bench",
                        "last_name": self.surname,
                        "email": self.email,
                        "preferred_language": "en",
                        "contact_by_email": "on",
                        "password1": PASSWORD,
                        "password2": PASSWORD,
                        "action": "continue",
                    },
                ),
            )
            self.step("confirm email", self.confirm)
            self.step(
                "address",
                lambda: self.post(
                    "/apply/address/",
                    {
                        "street": f"{100 + self.number} Laporte Ave",
                        "city": "Fairview",
                        "state": "CO",
                        "zip_code": "80521",
                        "action": "continue",
                    },
                ),
            )
            self.step(
                "household",
                lambda: self.post(
                    "/apply/household/",
                    {
                        "housing-housing": "rent",
                        "housing-time_at_address": "1_to_3",
                        "members-TOTAL_FORMS": "2",
                        "members-INITIAL_FORMS": "0",
                        "members-MIN_NUM_FORMS": "0",
                        "members-MAX_NUM_FORMS": "20",
                        "members-0-first_name": "Bench",
                        "members-0-last_name": self.surname,
                        "members-0-date_of_birth": "1985-04-28",
                        "members-1-first_name": "Kid",
                        "members-1-last_name": self.surname,
                        "members-1-date_of_birth": "2015-09-01",
                        "action": "continue",
                    },
                ),
            )
            self.step(
                "qualifying programs",
                lambda: self.post(
                    "/apply/qualifying-programs/",
                    {"programs": [self.qualifying_id], "action": "continue"},
                ),
            )
            self.step("documents", self.upload)
            self.step(
                "review and submit",
                lambda: self.post("/apply/review/", {"consent": "on"}),
            )
            self.step("done page", self.done)
            self.finished = True
        except Exception as error:  # noqa: BLE001 - every failure is counted
            self.errors.append(f"{type(error).__name__}: {error}")

    def confirm(self):
        path = "/" + self.confirmation_url(self.email).split("/", 3)[3]
        self.post(path, {})

    def upload(self):
        _, page = self.token("/apply/documents/")
        for item in dict.fromkeys(ITEM.findall(page)):
            self.post(
                "/apply/documents/",
                {"item": item, "action": "upload"},
                files={f"{item}-files": ("id.png", self.image, "image/png")},
            )
        self.post("/apply/documents/", {"action": "continue"})

    def done(self):
        response = self.http.get(self.base + "/apply/done/", timeout=60)
        self.unsecure_cookies()
        if response.status_code != 200:
            raise RuntimeError(f"/apply/done/: {response.status_code}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--applicants", type=int, default=200)
    parser.add_argument("--ramp", type=float, default=30.0)
    parser.add_argument("--think", default="2-6", help="seconds, LOW-HIGH or 0")
    parser.add_argument("--run", default="a", help="a name for this run's accounts")
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from applications.models import Household, Submission
    from applications.wizard.confirmation import confirmation_url
    from programs.models import QualifyingProgram

    User = get_user_model()

    def link(email):
        # Each thread hands its database connection back to the pool at once.
        from django.db import connection

        try:
            return confirmation_url(User.objects.get(email=email))
        finally:
            connection.close()

    qualifying_id = QualifyingProgram.objects.get(name="SNAP").pk
    image = png()
    applicants = [
        Applicant(
            args.url.rstrip("/"), number, qualifying_id, image, link, think, args.run
        )
        for number in range(args.applicants)
    ]
    start = threading.Barrier(len(applicants))
    in_progress = {"now": 0, "most": 0}
    lock = threading.Lock()

    def run(applicant):
        start.wait()
        time.sleep(args.ramp * applicant.number / len(applicants))
        with lock:
            in_progress["now"] += 1
            in_progress["most"] = max(in_progress["most"], in_progress["now"])
        try:
            applicant.run()
        finally:
            with lock:
                in_progress["now"] -= 1

    threads = [threading.Thread(target=run, args=(a,)) for a in applicants]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began

    emails = [a.email for a in applicants]
    submitted = set(
        Submission.objects.filter(household__user__email__in=emails).values_list(
            "household__user__email", flat=True
        )
    )
    finished = {a.email for a in applicants if a.finished}
    steps = {}
    for applicant in applicants:
        for name, ms in applicant.timings.items():
            steps.setdefault(name, []).append(ms)
    print(
        json.dumps(
            {
                "applicants": len(applicants),
                "ramp_seconds": args.ramp,
                "think_seconds": args.think,
                "most_in_progress_at_once": in_progress["most"],
                "finished": len(finished),
                "errors": sum(len(a.errors) for a in applicants),
                "first_errors": [e for a in applicants for e in a.errors][:5],
                "lost_submissions": len(finished - submitted),
                "submissions_without_a_finished_applicant": len(submitted - finished),
                "duplicate_submissions": Submission.objects.filter(
                    household__user__email__in=emails
                ).count()
                - len(submitted),
                "households_submitted": Household.objects.filter(user__email__in=emails)
                .exclude(review_status=Household.ReviewStatus.DRAFT)
                .count(),
                "seconds": round(seconds, 1),
                "step_ms": {
                    name: {
                        "p50": round(statistics.median(values)),
                        "p95": round(statistics.quantiles(values, n=20)[-1]),
                    }
                    for name, values in steps.items()
                    if len(values) >= 2
                },
            }
        )
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")
    main()
