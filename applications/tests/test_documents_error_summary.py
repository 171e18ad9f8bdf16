"""The documents step's error summary comes from the shared {% error_summary %} tag."""

import html
import re

import pytest

from applications.tests.conftest import make_household
from applications.tests.test_hostile_input import at_step

pytestmark = pytest.mark.django_db


def test_missing_documents_are_listed_once_in_the_shared_error_summary(
    client, demo_content, snap
):
    household = at_step(make_household(qualifying=[snap]), "documents")
    household.documents.all().delete()
    member = household.members.get()
    client.force_login(household.user)

    response = client.post("/apply/documents/", {"action": "continue"})

    assert response.status_code == 200
    assert "includes/error_summary.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert page.count('id="error-summary"') == 1
    start = page.index('id="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    links = [
        (href, html.unescape(text).strip())
        for href, text in re.findall(r'<a href="([^"]+)">([^<]*)</a>', summary)
    ]
    assert links == [
        (f"#item-identity-{member.pk}", f"Upload a file for: Photo ID for {member}"),
        (f"#item-proof-{snap.pk}", "Upload a file for: Proof of SNAP"),
    ]
