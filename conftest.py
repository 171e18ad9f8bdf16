"""Fixtures shared by every app's tests."""

import pytest

pytest_plugins = ["portal.tests.browser"]


@pytest.fixture
def demo_content(db):
    """The demo page tree, programs, qualifying programs and service areas."""
    from portal.demo import load_demo

    load_demo()
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="en")
