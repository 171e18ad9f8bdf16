"""A household's case file as a PDF: it holds the answers, the eligibility with its
reasons, the decision, the history and the document list; each download is in the
household's history; only staff who may see households get it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from applications import audit, state_machine
from applications.tests.conftest import make_household
from portal import roles
from portal.pdf import render_pdf

pytestmark = pytest.mark.django_db


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def denied(snap, caseworker):
    household = make_household(qualifying=[snap], submit=True)
    state_machine.deny(household, caseworker, "Lives outside the city limits")
    return household


def test_the_case_file_holds_the_answers_and_the_decision(client, denied, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("applications_case_file", args=[denied.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"case-file-{denied.pk}.pdf" in response["Content-Disposition"]
    text = " ".join(pdf_text(response).split())
    assert f"Case file {denied.pk}" in text
    for expected in [
        "Ana López",  # the applicant and member
        "ana@example.com",
        "300 Laporte Ave",  # the eligibility address
        "SNAP",  # the qualifying program
        "Denied",
        "Lives outside the city limits",  # the decision's reason
        "Grocery Tax Rebate",  # a program's eligibility line
        "id.png",  # the document list
        "Denied the household",  # the history
    ]:
        assert expected in text, expected


def test_each_download_is_in_the_history(client, denied, caseworker):
    client.force_login(caseworker)
    url = reverse("applications_case_file", args=[denied.pk])

    client.get(url)
    client.get(url)

    entries = ModelLogEntry.objects.filter(
        object_id=str(denied.pk), action=audit.CASE_FILE_DOWNLOADED.name
    )
    assert entries.count() == 2
    assert entries.first().user == caseworker


@pytest.mark.parametrize(
    "group", [roles.PROGRAM_COORDINATORS, roles.CONTENT_EDITORS, roles.ASSISTERS]
)
def test_others_may_not_download_it(client, denied, group):
    user = get_user_model().objects.create_user(
        email="other@example.com", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    response = client.get(reverse("applications_case_file", args=[denied.pk]))

    assert response.status_code in {302, 403}
    assert not ModelLogEntry.objects.filter(
        action=audit.CASE_FILE_DOWNLOADED.name
    ).exists()


def test_the_applicant_may_not_download_it(client, denied):
    client.force_login(denied.user)

    response = client.get(reverse("applications_case_file", args=[denied.pk]))

    assert response.status_code in {302, 403}


def test_a_draft_never_submitted_has_no_case_file(client, caseworker, snap):
    draft = make_household(qualifying=[snap])
    client.force_login(caseworker)

    assert (
        client.get(reverse("applications_case_file", args=[draft.pk])).status_code
        == 404
    )


def test_the_renderer_fetches_nothing(client, snap, caseworker, monkeypatch):
    fetched = []
    monkeypatch.setattr(
        "urllib.request.OpenerDirector.open", lambda *a, **k: fetched.append(a)
    )
    html = (
        '<img src="http://169.254.169.254/x"><link rel="stylesheet" href="http://x/">'
    )
    assert render_pdf(html).startswith(b"%PDF")
    assert fetched == []
    household = make_household(qualifying=[snap], submit=True)
    household.address_override_reason = '<img src="http://169.254.169.254/x">'
    household.save()
    client.force_login(caseworker)

    response = client.get(reverse("applications_case_file", args=[household.pk]))

    assert response.status_code == 200
    assert '<img src="http://169.254.169.254/x">' in " ".join(
        pdf_text(response).split()
    )  # shown as text, escaped


def test_loading_the_renderer_leaves_truncated_images_refused():
    """WeasyPrint's import sets Pillow's LOAD_TRUNCATED_IMAGES; the upload checks
    rely on it staying off."""
    import importlib

    from PIL import ImageFile

    from portal import pdf

    importlib.reload(pdf)

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
