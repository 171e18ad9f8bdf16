"""`manage.py reset_second_factor EMAIL`: an administrator's reset of a staff
member's lost authenticator; their next sign-in sets up a new one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.second_factor import reset


class Command(BaseCommand):
    help = "Remove a staff member's second-factor devices (they enrol again)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"No account {email}.")
        reset(user)
        self.stdout.write(f"Second factor reset for {user.email}.")
