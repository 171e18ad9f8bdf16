"""Builders for the partner API's tests: programs from the demo, verified households'
applications made the way staff make them, and keys."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from api.models import ApiKey
from applications import state_machine
from applications.models import ProgramApplication
from applications.tests import conftest as applicant_side
from applications.tests.conftest import make_applicant, make_household
from programs.models import ProgramPage

# The applicant side's fixtures, shared rather than copied.
caseworker = applicant_side.caseworker
snap = applicant_side.snap

ENROLLMENTS = "/api/v1/enrollments/"
PROGRAM = "/api/v1/program/"


@pytest.fixture
def grocery(demo_content):
    return ProgramPage.objects.canonical().get(slug="grocery-tax-rebate")


@pytest.fixture
def bike(demo_content):
    return ProgramPage.objects.canonical().get(slug="bike-share-membership")


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser(
        email="admin@example.com", password="x", first_name="Ada", last_name="Min"
    )


@pytest.fixture
def apply(caseworker, snap):
    """`apply(email, *programs)`: a submitted household applying to the programs,
    verified unless `verify=False`; returns its applications, in order."""

    def build(email, *programs, verify=True, **user_fields):
        household = make_household(
            make_applicant(email, **user_fields), qualifying=[snap], submit=True
        )
        applications = [
            ProgramApplication.objects.create(household=household, program=program)
            for program in programs
        ]
        if verify:
            state_machine.verify(household, caseworker)
        return [ProgramApplication.objects.get(pk=a.pk) for a in applications]

    return build


def issue(program, *, days=30, name="Vendor billing"):
    """A key and its text, as the admin's form issues them."""
    return ApiKey.objects.issue(
        program=program,
        name=name,
        expires_at=timezone.now() + timedelta(days=days),
        by=None,
    )


def call(client, path, key_text, **params):
    return client.get(path, params, headers={"Authorization": f"Bearer {key_text}"})
