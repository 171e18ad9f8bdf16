"""Applicant sessions end after inactivity: people apply from library computers."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_session_expires_after_the_idle_timeout_but_not_while_active(client):
    user = get_user_model().objects.create_user(
        email="a@example.com", password="pw-long-enough"
    )
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        # Activity keeps the session alive: each request pushes the expiry out.
        for _ in range(3):
            clock.shift(idle - dt.timedelta(minutes=1))
            assert client.get("/dashboard/").status_code == 200
        clock.shift(idle + dt.timedelta(seconds=1))
        response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_a_session_is_written_at_most_once_a_minute_while_unchanged(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.create_user(
        email="a@example.com", password="pw-long-enough"
    )
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

    def session_writes():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/settings/").status_code == 200
        return [
            q["sql"]
            for q in captured.captured_queries
            if "UPDATE" in q["sql"] and "django_session" in q["sql"]
        ]

    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        client.get("/dashboard/settings/")
        clock.shift(dt.timedelta(seconds=10))
        assert session_writes() == []
        clock.shift(dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS))
        assert len(session_writes()) == 1
        assert session_writes() == []
