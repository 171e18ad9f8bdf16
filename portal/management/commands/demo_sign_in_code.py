"""`manage.py demo_sign_in_code EMAIL`: the code a demo staff account's authenticator
would show now, so `make run` can show the second factor without a phone. Refused
wherever demo accounts are off (production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEMO_ACCOUNTS_ENABLED:
            raise CommandError("Demo accounts are off here; there is no demo code.")
        device = TOTPDevice.objects.filter(
            user__email=email.lower(), name="demo authenticator", confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{email} has no demo authenticator.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
