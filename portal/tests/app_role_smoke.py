"""Run by test_database_roles.py as the application role: the demo and one whole
applicant journey through the pages, then an attempt to create and to drop a table.
Prints one JSON line."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.test")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()

from applications.models import Household  # noqa: E402
from applications.tests.conftest import make_applicant, make_household  # noqa: E402
from demo.loader import load_demo  # noqa: E402
from portal.periodic import run_due  # noqa: E402
from programs.models import QualifyingProgram  # noqa: E402

result = {}
load_demo()
snap = QualifyingProgram.objects.get(name="SNAP")
household = make_household(make_applicant("smoke@example.com"), qualifying=[snap])
client = Client()
client.force_login(household.user)
result["review"] = client.post("/apply/review/", {"consent": "on"}).status_code
result["dashboard"] = client.get("/dashboard/").status_code
result["submitted"] = Household.objects.get(pk=household.pk).review_status
result["jobs"] = len(run_due())
for name, statement in [
    ("create", "CREATE TABLE intruder (id integer)"),
    ("drop", "DROP TABLE applications_household"),
    ("alter", "ALTER TABLE applications_household ADD COLUMN intruder integer"),
]:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
        result[name] = "allowed"
    except DatabaseError as error:
        result[name] = type(error).__name__
print(json.dumps(result))
