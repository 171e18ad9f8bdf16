"""`client.force_login(user)` in tests stands for a whole sign-in: for staff (and
assisters) that is
the password *and* the second factor, so it also verifies the session with a device.
The second factor's own tests sign in through the pages (`client.login()` or the
forms), which this leaves alone."""

import pytest
from django.test import Client


def _verified_force_login(original):
    def force_login(self, user, backend=None):
        original(self, user, backend)
        from portal.second_factor import needs_second_factor

        if needs_second_factor(user):
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.filter(
                user=user, confirmed=True
            ).first() or TOTPDevice.objects.create(
                user=user, name="test", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    return force_login


@pytest.fixture(autouse=True)
def force_login_includes_the_second_factor(monkeypatch):
    monkeypatch.setattr(
        Client, "force_login", _verified_force_login(Client.force_login)
    )
