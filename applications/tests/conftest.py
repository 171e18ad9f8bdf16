"""Builders for applicant-side tests: accounts, households at any step, files."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from applications.documents.checks import check_upload
from applications.documents.storage import save_document
from applications.models import (
    Document,
    Household,
    HouseholdMember,
    QualifyingEnrollment,
)
from applications.wizard import services
from applications.wizard.steps import STEP_NAMES
from programs.addresses import Address, place_address

PASSWORD = "correct-horse-battery-staple"


def png_upload(name="id.png", color="navy"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_applicant(email="ana@example.com", **fields):
    fields.setdefault("first_name", "Ana")
    fields.setdefault("last_name", "López")
    return get_user_model().objects.create_user(
        email=email, password=PASSWORD, **fields
    )


def attach_document(household, *, member=None, qualifying_program=None):
    return save_document(
        household,
        check_upload(png_upload()),
        kind=Document.Kind.IDENTITY if member else Document.Kind.PROOF,
        member=member,
        qualifying_program=qualifying_program,
    )


def make_household(
    user=None,
    *,
    zip_code="80521",
    qualifying=(),
    submit=False,
    steps=STEP_NAMES[:-1],
    area_ids=None,
):
    """A household with every answer filled in up to (not including) review."""
    user = user or make_applicant()
    household = Household.objects.create(
        user=user,
        street="300 Laporte Ave",
        city="Fairview",
        state="CO",
        zip_code=zip_code,
        housing="rent",
        time_at_address="1_to_3",
        completed_steps=list(steps),
    )
    areas = (
        place_address(Address(zip_code=zip_code)).area_ids
        if area_ids is None
        else area_ids
    )
    household.service_areas.set(areas or [])
    member = HouseholdMember.objects.create(
        household=household,
        first_name=user.first_name,
        last_name=user.last_name,
        date_of_birth=date(1985, 4, 28),
        is_applicant=True,
    )
    for program in qualifying:
        QualifyingEnrollment.objects.create(
            household=household, qualifying_program=program
        )
    household = Household.objects.get(pk=household.pk)
    attach_document(household, member=member)
    for program in qualifying:
        attach_document(household, qualifying_program=program)
    if submit:
        services.submit(household)
    return Household.objects.get(pk=household.pk)


@pytest.fixture
def caseworker(demo_content):
    """A member of verification staff (the queue, households, documents)."""
    from django.contrib.auth.models import Group

    from portal import roles

    user = get_user_model().objects.create_user(
        email="casey@example.com", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.VERIFICATION_STAFF))
    return user


@pytest.fixture
def snap(demo_content):
    from programs.models import QualifyingProgram

    return QualifyingProgram.objects.get(name="SNAP")


def follow_sign_up_link(client):
    """Open the link in the last welcome email and press its button, as the new
    applicant does after step 1; returns the response (a redirect onwards)."""
    import re

    from django.core import mail

    [url] = re.findall(r"https?://\S+/accounts/confirm/\S+/", mail.outbox[-1].body)
    path = "/" + url.split("/", 3)[3]
    assert client.get(path).status_code == 200
    return client.post(path)
