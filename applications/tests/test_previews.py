"""Staff see documents as server-rendered images; originals only as attachments;
the optional virus scan."""

import io
import socket
import struct
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from applications.documents.checks import check_upload
from applications.documents.storage import save_document
from applications.models import Document
from applications.tests.conftest import make_applicant, make_household
from applications.tests.test_hostile_corpus import _js_open_action, _pdf
from portal import roles

pytestmark = pytest.mark.django_db


def caseworker():
    user = make_applicant("casey@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.VERIFICATION_STAFF))
    return user


def stored_hostile_pdf(household):
    """A PDF with a script, stored as it came (as files stored before the rewrite
    were): previews must not run it either."""
    document = Document(
        household=household,
        kind=Document.Kind.REQUESTED,
        original_name="letter.pdf",
        content_type="application/pdf",
        size=0,
    )
    data = _pdf(_js_open_action, pages=2)
    document.size = len(data)
    document.file.save("documents/hostile.pdf", ContentFile(data), save=True)
    return document


@pytest.fixture
def household(demo_content):
    return make_household(make_applicant(), submit=True)


def test_a_pdf_page_is_shown_to_staff_as_a_png(client, household):
    document = stored_hostile_pdf(household)
    client.force_login(caseworker())
    response = client.get(f"/documents/{document.public_id}/preview/2/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.width <= 1400
    assert client.get(f"/documents/{document.public_id}/preview/3/").status_code == 404


def test_an_image_preview_is_a_fresh_png(client, household):
    document = household.documents.first()
    client.force_login(caseworker())
    response = client.get(f"/documents/{document.public_id}/preview/1/")
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).format == "PNG"


def test_previews_are_private_like_the_documents(client, household):
    document = household.documents.first()
    url = f"/documents/{document.public_id}/preview/1/"
    assert client.get(url).status_code == 302  # to sign-in
    other = make_household(make_applicant("ben@example.com"), submit=True)
    client.force_login(other.user)
    assert client.get(url).status_code == 404


def test_a_pdf_is_only_ever_an_attachment(client, household):
    document = stored_hostile_pdf(household)
    for user in (household.user, caseworker()):
        client.force_login(user)
        response = client.get(f"/documents/{document.public_id}/")
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]


def test_the_household_page_shows_images_and_never_embeds_a_document(client, household):
    document = stored_hostile_pdf(household)
    client.force_login(caseworker())
    page = client.get(
        f"/admin/applications/household/inspect/{household.pk}/"
    ).content.decode()
    assert f"/documents/{document.public_id}/preview/1/" in page
    assert f"/documents/{document.public_id}/preview/2/" in page
    for tag in ("<iframe", "<embed", "<object"):
        assert tag not in page


def test_uploads_count_their_pages(household):
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=100, height=100)
    output = io.BytesIO()
    writer.write(output)
    checked = check_upload(SimpleUploadedFile("three.pdf", output.getvalue()))
    document = save_document(household, checked, kind=Document.Kind.REQUESTED)
    assert document.page_count == 3


class FakeClamd:
    """clamd's INSTREAM protocol on a local port: FOUND for the EICAR test string."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.address = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                command = b""
                while not command.endswith(b"\0"):
                    command += connection.recv(1)
                data = b""
                while True:
                    size = struct.unpack(">L", self._exactly(connection, 4))[0]
                    if size == 0:
                        break
                    data += self._exactly(connection, size)
                verdict = b"Eicar-Signature FOUND" if b"EICAR" in data else b"OK"
                connection.sendall(b"stream: " + verdict + b"\0")

    @staticmethod
    def _exactly(connection, size):
        buffer = b""
        while len(buffer) < size:
            buffer += connection.recv(size - len(buffer))
        return buffer

    def close(self):
        self.server.close()


EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def test_the_virus_scan_refuses_what_clamd_flags(settings):
    clamd = FakeClamd()
    settings.CLAMD_ADDRESS = clamd.address
    try:
        infected = _pdf() + EICAR
        with pytest.raises(ValidationError) as refusal:
            check_upload(SimpleUploadedFile("letter.pdf", infected))
        assert refusal.value.code == "infected"
        assert check_upload(SimpleUploadedFile("letter.pdf", _pdf())).size > 0
    finally:
        clamd.close()


def test_a_configured_scanner_that_is_down_refuses_uploads(settings):
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{port}"
    with pytest.raises(ValidationError) as refusal:
        check_upload(SimpleUploadedFile("letter.pdf", _pdf()))
    assert refusal.value.code == "scan_unavailable"


def test_no_scanner_configured_means_no_scan(settings):
    settings.CLAMD_ADDRESS = ""
    assert check_upload(SimpleUploadedFile("letter.pdf", _pdf() + EICAR)).size > 0
